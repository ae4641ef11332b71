package dev.ocipkg.testing;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.archivers.tar.TarConstants;
import org.apache.commons.compress.compressors.gzip.GzipCompressorOutputStream;
import org.apache.commons.compress.compressors.gzip.GzipParameters;

/**
 * Deterministic tar and gzip: same files, same bytes, same digest — on any machine, any day, any
 * user. Entries in name order, a fixed mtime, uid/gid 0 with empty owner names (commons-compress
 * would otherwise record {@code user.name}), gzip header mtime 0 and OS "unknown".
 */
final class TarGzipLayer {
  static final Instant ENTRY_MTIME = Instant.parse("2000-01-01T00:00:00Z");

  private TarGzipLayer() {}

  static byte[] tar(LayerFiles files) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (TarArchiveOutputStream tar =
        new TarArchiveOutputStream(bytes, StandardCharsets.UTF_8.name())) {
      tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
      tar.setBigNumberMode(TarArchiveOutputStream.BIGNUMBER_POSIX);
      for (LayerFiles.Entry entry : files.entries()) {
        tar.putArchiveEntry(header(entry));
        if (entry.type() == LayerFiles.Type.FILE) {
          tar.write(entry.content());
        }
        tar.closeArchiveEntry();
      }
      tar.finish();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write tar in memory", e);
    }
    return bytes.toByteArray();
  }

  static byte[] gzip(byte[] content) {
    GzipParameters parameters = new GzipParameters();
    parameters.setModificationTime(0);
    parameters.setOperatingSystem(255);
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (GzipCompressorOutputStream gzip = new GzipCompressorOutputStream(bytes, parameters)) {
      gzip.write(content);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot gzip in memory", e);
    }
    return bytes.toByteArray();
  }

  private static TarArchiveEntry header(LayerFiles.Entry entry) {
    byte flag;
    int type;
    switch (entry.type()) {
      case DIRECTORY:
        flag = TarConstants.LF_DIR;
        type = 0040000;
        break;
      case SYMLINK:
        flag = TarConstants.LF_SYMLINK;
        type = 0120000;
        break;
      case HARDLINK:
        flag = TarConstants.LF_LINK;
        type = 0100000;
        break;
      case CHARACTER_DEVICE:
        flag = TarConstants.LF_CHR;
        type = 0020000;
        break;
      case FIFO:
        flag = TarConstants.LF_FIFO;
        type = 0010000;
        break;
      default:
        flag = TarConstants.LF_NORMAL;
        type = 0100000;
    }
    // preserveAbsolutePath: hostile names must reach the tar unchanged.
    TarArchiveEntry header = new TarArchiveEntry(entry.name(), flag, true);
    header.setMode(type | entry.mode());
    header.setModTime(FileTime.from(ENTRY_MTIME));
    header.setUserId(0);
    header.setGroupId(0);
    header.setUserName("");
    header.setGroupName("");
    if (entry.type() == LayerFiles.Type.SYMLINK || entry.type() == LayerFiles.Type.HARDLINK) {
      header.setLinkName(entry.linkTarget());
    }
    if (entry.type() == LayerFiles.Type.CHARACTER_DEVICE) {
      header.setDevMajor(1); // 1:3 is /dev/null on Linux
      header.setDevMinor(3);
    }
    header.setSize(entry.type() == LayerFiles.Type.FILE ? entry.content().length : 0);
    return header;
  }
}
