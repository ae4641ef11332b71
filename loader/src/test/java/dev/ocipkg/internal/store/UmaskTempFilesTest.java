package dev.ocipkg.internal.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class UmaskTempFilesTest {
  @TempDir Path dir;

  @Test
  void tempFilesAndFoldersGetTheModesOfAnyNewOneNotOwnerOnly() throws Exception {
    Path file = UmaskTempFiles.createFile(dir, "p-", ".part");
    Path folder = UmaskTempFiles.createDirectory(dir, "p-", "");

    assertThat(file.getFileName().toString()).startsWith("p-").endsWith(".part");
    assertThat(Files.getPosixFilePermissions(file))
        .isEqualTo(Files.getPosixFilePermissions(Files.createFile(dir.resolve("plain"))));
    assertThat(Files.getPosixFilePermissions(folder))
        .isEqualTo(Files.getPosixFilePermissions(Files.createDirectory(dir.resolve("plain-dir"))));
  }
}
