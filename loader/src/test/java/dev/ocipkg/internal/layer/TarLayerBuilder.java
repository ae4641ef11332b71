package dev.ocipkg.internal.layer;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.attribute.FileTime;
import java.util.Arrays;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.archivers.tar.TarConstants;
import org.apache.commons.compress.archivers.zip.ZipEncodingHelper;
import org.apache.commons.compress.compressors.gzip.GzipCompressorOutputStream;
import org.apache.commons.compress.compressors.gzip.GzipParameters;
import org.apache.commons.compress.compressors.zstandard.ZstdCompressorOutputStream;

/**
 * Builds tar layers in memory, compressed as they are written (so a large zero-filled layer never
 * exists uncompressed). Entry names are written exactly as given, absolute or not.
 */
final class TarLayerBuilder {
  static final String TAR = "application/vnd.oci.image.layer.v1.tar";
  static final String TAR_GZIP = "application/vnd.oci.image.layer.v1.tar+gzip";
  static final String TAR_ZSTD = "application/vnd.oci.image.layer.v1.tar+zstd";
  static final String OCIPKG = "application/vnd.ocipkg.v1.layer.tar+gzip";

  private static final FileTime MTIME = FileTime.fromMillis(1_700_000_000_000L);

  enum Compression {
    NONE,
    GZIP,
    ZSTD
  }

  private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
  private final TarArchiveOutputStream tar;

  private TarLayerBuilder(Compression compression) {
    try {
      OutputStream sink =
          switch (compression) {
            case NONE -> bytes;
            case GZIP -> new GzipCompressorOutputStream(bytes, fastGzip());
            case ZSTD -> new ZstdCompressorOutputStream(bytes);
          };
      tar = new TarArchiveOutputStream(sink, StandardCharsets.UTF_8.name());
      tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
      tar.setBigNumberMode(TarArchiveOutputStream.BIGNUMBER_POSIX);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static TarLayerBuilder tar() {
    return new TarLayerBuilder(Compression.NONE);
  }

  static TarLayerBuilder tarGzip() {
    return new TarLayerBuilder(Compression.GZIP);
  }

  static TarLayerBuilder tarZstd() {
    return new TarLayerBuilder(Compression.ZSTD);
  }

  TarLayerBuilder gnuLongNames() {
    tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_GNU);
    return this;
  }

  TarLayerBuilder file(String name, String content) {
    return file(name, content.getBytes(StandardCharsets.UTF_8), 0644);
  }

  TarLayerBuilder file(String name, byte[] content, int mode) {
    TarArchiveEntry entry = new TarArchiveEntry(name, TarConstants.LF_NORMAL, true);
    entry.setMode(mode);
    entry.setSize(content.length);
    return add(entry, content);
  }

  /** A file of {@code size} zero bytes, streamed in chunks. */
  TarLayerBuilder zeros(String name, long size) {
    TarArchiveEntry entry = new TarArchiveEntry(name, TarConstants.LF_NORMAL, true);
    entry.setSize(size);
    entry.setModTime(MTIME);
    try {
      tar.putArchiveEntry(entry);
      byte[] chunk = new byte[1 << 20];
      for (long left = size; left > 0; left -= chunk.length) {
        tar.write(chunk, 0, (int) Math.min(chunk.length, left));
      }
      tar.closeArchiveEntry();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return this;
  }

  TarLayerBuilder directory(String name) {
    return directory(name, 0755);
  }

  TarLayerBuilder directory(String name, int mode) {
    TarArchiveEntry entry = new TarArchiveEntry(name, TarConstants.LF_DIR, true);
    entry.setMode(mode);
    return add(entry, new byte[0]);
  }

  TarLayerBuilder symlink(String name, String target) {
    TarArchiveEntry entry = new TarArchiveEntry(name, TarConstants.LF_SYMLINK, true);
    entry.setLinkName(target);
    return add(entry, new byte[0]);
  }

  TarLayerBuilder hardLink(String name, String target) {
    TarArchiveEntry entry = new TarArchiveEntry(name, TarConstants.LF_LINK, true);
    entry.setLinkName(target);
    return add(entry, new byte[0]);
  }

  TarLayerBuilder special(String name, byte typeFlag) {
    TarArchiveEntry entry = new TarArchiveEntry(name, typeFlag, true);
    entry.setDevMajor(1);
    entry.setDevMinor(3);
    return add(entry, new byte[0]);
  }

  TarLayerBuilder add(TarArchiveEntry entry, byte[] content) {
    entry.setModTime(MTIME); // whole seconds: no PAX mtime record
    try {
      tar.putArchiveEntry(entry);
      tar.write(content);
      tar.closeArchiveEntry();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return this;
  }

  /** Finishes the archive (end marker, padding to 10 KiB) and returns the compressed layer. */
  byte[] build() {
    try {
      tar.close();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return bytes.toByteArray();
  }

  /** One raw 512-byte header for {@code entry}, with base-256 numbers where octal won't do. */
  static byte[] header(TarArchiveEntry entry) {
    byte[] record = new byte[512];
    try {
      entry.writeEntryHeader(record, ZipEncodingHelper.getZipEncoding("UTF-8"), true);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return record;
  }

  /** Concatenates records and appends the two zero records of the end-of-archive marker. */
  static byte[] rawArchive(byte[]... records) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (byte[] record : records) {
      out.writeBytes(record);
      out.writeBytes(new byte[(512 - record.length % 512) % 512]);
    }
    out.writeBytes(new byte[1024]);
    return out.toByteArray();
  }

  static byte[] gzip(byte[] data) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (OutputStream gz = new GzipCompressorOutputStream(out, fastGzip())) {
      gz.write(data);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }

  static byte[] utf8(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }

  static byte[] filled(int size, char c) {
    byte[] data = new byte[size];
    Arrays.fill(data, (byte) c);
    return data;
  }

  private static GzipParameters fastGzip() {
    GzipParameters parameters = new GzipParameters();
    parameters.setCompressionLevel(1);
    return parameters;
  }
}
