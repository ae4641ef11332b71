package dev.ocipkg.it;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;

/** Writes an OCI image layout directory as an {@code oci-archive:} tar file. */
final class OciArchives {
  private OciArchives() {}

  static void tar(Path layoutDirectory, Path archive) throws IOException {
    List<Path> files;
    try (Stream<Path> walk = Files.walk(layoutDirectory)) {
      files = walk.filter(Files::isRegularFile).sorted().toList();
    }
    try (OutputStream out = Files.newOutputStream(archive);
        TarArchiveOutputStream tar = new TarArchiveOutputStream(out)) {
      tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
      for (Path f : files) {
        TarArchiveEntry entry =
            new TarArchiveEntry(f.toFile(), layoutDirectory.relativize(f).toString());
        tar.putArchiveEntry(entry);
        Files.copy(f, tar);
        tar.closeArchiveEntry();
      }
    }
  }
}
