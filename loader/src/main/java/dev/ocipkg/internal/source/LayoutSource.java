package dev.ocipkg.internal.source;

import dev.ocipkg.Digest;
import dev.ocipkg.ImageReference;
import dev.ocipkg.internal.oci.Descriptor;
import dev.ocipkg.internal.oci.ImageIndex;
import dev.ocipkg.internal.oci.MediaTypes;
import dev.ocipkg.internal.oci.OciJson;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import org.jspecify.annotations.Nullable;

/**
 * An OCI image layout, in a directory ({@code oci:DIR}) or a tar archive ({@code
 * oci-archive:FILE}), as a {@link ContentSource}. Every blob read from it is verified like one from
 * a registry: a layout on disk can be damaged too.
 */
public final class LayoutSource implements ContentSource {
  private final String name;
  private final LayoutFiles files;

  private LayoutSource(String name, LayoutFiles files) {
    this.name = name;
    this.files = files;
  }

  /** The layout a local reference ({@code oci:DIR…} or {@code oci-archive:FILE…}) names. */
  public static LayoutSource of(ImageReference local) throws IOException {
    Path path = local.path();
    if (path == null) {
      throw new IllegalArgumentException(local + " is not a local layout or archive");
    }
    return local.kind() == ImageReference.Kind.OCI_ARCHIVE ? archive(path) : directory(path);
  }

  /** The layout in directory {@code dir}. */
  public static LayoutSource directory(Path dir) throws IOException {
    if (!java.nio.file.Files.isRegularFile(dir.resolve("index.json"))) {
      throw new NoSuchFileException(
          dir.toString(), null, "not an OCI image layout (no index.json in it)");
    }
    return new LayoutSource("oci:" + dir, LayoutFiles.directory(dir));
  }

  /** The layout in the tar archive {@code file}. */
  public static LayoutSource archive(Path file) throws IOException {
    LayoutFiles files = LayoutFiles.archive(file);
    if (!files.exists("index.json")) {
      files.close();
      throw new NoSuchFileException(
          file.toString(), null, "not an oci-archive (no index.json in it)");
    }
    return new LayoutSource("oci-archive:" + file, files);
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public FetchedManifest fetchManifest(@Nullable String tag, @Nullable Digest digest)
      throws IOException {
    if (digest != null) {
      return FetchedManifest.verify(readBlob(digest), null, digest, null, name + "@" + digest);
    }
    byte[] indexJson = read("index.json");
    ImageIndex index = OciJson.parseIndex(indexJson, name + " index.json");
    Descriptor chosen;
    if (tag != null) {
      chosen = index.findByRefName(tag);
      if (chosen == null) {
        throw new NotFoundException(
            "tag \"" + tag + "\" is not in " + name + "; it holds " + describeTags(index));
      }
    } else if (index.images().size() == 1) {
      chosen = index.images().get(0);
    } else if (!index.manifests().isEmpty()
        && index.manifests().stream().allMatch(d -> d.platform() != null)) {
      // index.json itself lists one manifest per platform: it is the multi-platform index.
      return new FetchedManifest(indexJson, Digest.sha256(indexJson), MediaTypes.OCI_INDEX);
    } else {
      throw new NotFoundException(
          name
              + " holds several images; name one with :tag (it holds "
              + describeTags(index)
              + ")");
    }
    return FetchedManifest.verify(
        readBlob(chosen.digest()),
        chosen.mediaType(),
        chosen.digest(),
        null,
        name + (tag != null ? ":" + tag : ""));
  }

  private static String describeTags(ImageIndex index) {
    return index.refNames().isEmpty() ? "no tags" : "the tags " + index.refNames();
  }

  private byte[] readBlob(Digest digest) throws IOException {
    return read(blobPath(digest));
  }

  private byte[] read(String path) throws IOException {
    try (InputStream in = files.open(path)) {
      byte[] bytes = in.readNBytes(FetchedManifest.MAX_BYTES + 1);
      if (bytes.length > FetchedManifest.MAX_BYTES) {
        throw new IOException(
            name
                + " "
                + path
                + " is larger than the manifest limit of "
                + FetchedManifest.MAX_BYTES
                + " bytes");
      }
      return bytes;
    } catch (NoSuchFileException e) {
      throw new NotFoundException(name + " has no " + path);
    }
  }

  @Override
  public InputStream openBlob(Digest digest, long size) throws IOException {
    try {
      return files.open(blobPath(digest));
    } catch (NoSuchFileException e) {
      throw new NotFoundException(name + " has no blob " + digest);
    }
  }

  private static String blobPath(Digest digest) {
    return "blobs/" + digest.algorithm() + "/" + digest.hex();
  }

  @Override
  public void close() throws IOException {
    files.close();
  }
}
