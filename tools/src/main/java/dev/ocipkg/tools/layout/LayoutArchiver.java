package dev.ocipkg.tools.layout;

import dev.ocipkg.internal.store.UmaskTempFiles;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;

/**
 * Writes an OCI image layout folder as an oci-archive: a plain tar of {@code oci-layout}, {@code
 * index.json} and {@code blobs/}, with the fixed headers and order of {@link ReproducibleTar}, so
 * that the same layout gives the same archive. The file appears by rename once complete.
 */
public final class LayoutArchiver {
  private LayoutArchiver() {}

  public static void write(Path layout, Path archive) throws IOException {
    ReproducibleTar tar = ReproducibleTar.of("oci-archive " + archive, List.of(layout));
    Path parent = archive.toAbsolutePath().getParent();
    Files.createDirectories(parent);
    Path temp = UmaskTempFiles.createFile(parent, "." + archive.getFileName() + ".", ".part");
    try {
      try (OutputStream out = Files.newOutputStream(temp)) {
        tar.writeTar(out);
      }
      Files.move(
          temp, archive, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } finally {
      Files.deleteIfExists(temp);
    }
  }
}
