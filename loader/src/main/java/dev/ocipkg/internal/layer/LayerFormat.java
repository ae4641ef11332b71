package dev.ocipkg.internal.layer;

import java.io.IOException;
import java.io.InputStream;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.apache.commons.compress.compressors.zstandard.ZstdCompressorInputStream;
import org.jspecify.annotations.Nullable;

/**
 * How a layer is to be read, decided from its media type and annotations only: the bytes are never
 * sniffed.
 *
 * @param kind what the decompressed bytes are
 * @param compression how they are compressed
 * @param title the ORAS file or directory name; null for plain tar layers
 */
record LayerFormat(Kind kind, Compression compression, @Nullable String title) {
  static final String OCIPKG_LAYER = "application/vnd.ocipkg.v1.layer.tar+gzip";
  static final String TITLE_ANNOTATION = "org.opencontainers.image.title";
  static final String UNPACK_ANNOTATION = "io.deis.oras.content.unpack";

  private static final Set<String> TAR =
      Set.of(
          "application/vnd.oci.image.layer.v1.tar",
          "application/vnd.oci.image.layer.nondistributable.v1.tar",
          "application/vnd.docker.image.rootfs.diff.tar",
          "application/x-tar");
  private static final Set<String> TAR_GZIP =
      Set.of(
          OCIPKG_LAYER,
          "application/vnd.oci.image.layer.v1.tar+gzip",
          "application/vnd.oci.image.layer.nondistributable.v1.tar+gzip",
          "application/vnd.docker.image.rootfs.diff.tar.gzip",
          "application/vnd.docker.image.rootfs.foreign.diff.tar.gzip");
  private static final Set<String> TAR_ZSTD =
      Set.of(
          "application/vnd.oci.image.layer.v1.tar+zstd",
          "application/vnd.oci.image.layer.nondistributable.v1.tar+zstd");

  /** What the decompressed layer is. */
  enum Kind {
    /** A tar archive rooted at the package directory. */
    TAR,
    /** ORAS: the layer is one file, named by its title annotation. */
    ORAS_FILE,
    /** ORAS: a tar whose entries all lie under the directory named by the title annotation. */
    ORAS_DIRECTORY
  }

  /** The compression named by the media type. */
  enum Compression {
    NONE,
    GZIP,
    ZSTD;

    /**
     * Wraps {@code in} in a decompressor. Closing the result closes {@code in}, which the caller
     * protects with a non-closing wrapper.
     */
    InputStream decompress(InputStream in) throws IOException {
      switch (this) {
        case NONE:
          return in;
        case GZIP:
          return new GzipMembersInputStream(in);
        case ZSTD:
          return Zstd.decompress(in);
      }
      throw new AssertionError(this);
    }
  }

  /**
   * Commons Compress's zstd stream, apart so that verifying {@link Compression#decompress} loads
   * none of its classes when no layer is zstd.
   */
  private static final class Zstd {
    static InputStream decompress(InputStream in) throws IOException {
      try {
        return new ZstdCompressorInputStream(in);
      } catch (LinkageError e) {
        throw new IOException(
            "zstd decompression is not available on this platform (zstd-jni native library: "
                + e
                + ")",
            e);
      }
    }
  }

  /**
   * The format of a layer, or null if nothing here can read it.
   *
   * <p>ocipkg's own layer type is always a gzipped tar. Otherwise a title annotation marks an ORAS
   * layer, whatever its media type: ORAS pushes plain files as {@code
   * application/vnd.oci.image.layer.v1.tar} by default, so that type with a title is a file, not a
   * tar. With {@code io.deis.oras.content.unpack: true} the layer is a tar (gzip unless the media
   * type names another compression) of the directory named by the title.
   */
  static @Nullable LayerFormat of(String mediaType, Map<String, String> annotations) {
    String type = mediaType.trim().toLowerCase(Locale.ROOT);
    if (type.equals(OCIPKG_LAYER)) {
      return new LayerFormat(Kind.TAR, Compression.GZIP, null);
    }
    @Nullable Compression tarCompression = tarCompression(type);
    @Nullable String title = annotations.get(TITLE_ANNOTATION);
    if (title != null) {
      if ("true".equalsIgnoreCase(annotations.getOrDefault(UNPACK_ANNOTATION, "").trim())) {
        return new LayerFormat(
            Kind.ORAS_DIRECTORY, tarCompression == null ? Compression.GZIP : tarCompression, title);
      }
      return new LayerFormat(Kind.ORAS_FILE, Compression.NONE, title);
    }
    return tarCompression == null ? null : new LayerFormat(Kind.TAR, tarCompression, null);
  }

  private static @Nullable Compression tarCompression(String type) {
    if (TAR.contains(type)) {
      return Compression.NONE;
    }
    if (TAR_GZIP.contains(type)) {
      return Compression.GZIP;
    }
    if (TAR_ZSTD.contains(type)) {
      return Compression.ZSTD;
    }
    return null;
  }
}
