package dev.ocipkg.internal.link;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import org.jspecify.annotations.Nullable;

/**
 * The few facts of an ELF header that explain a failed load: whether the file is ELF at all, and
 * which machine it was built for. glibc reports a library of another architecture as "cannot open
 * shared object file: No such file or directory"; this lets the error say what is really wrong.
 */
final class ElfHeader {
  private ElfHeader() {}

  /** The OCI architecture name of the machine {@code file} was built for, or null if not ELF. */
  static @Nullable String architectureOf(Path file) {
    byte[] h;
    try (InputStream in = Files.newInputStream(file)) {
      h = in.readNBytes(20);
    } catch (IOException e) {
      return null;
    }
    if (h.length < 20 || h[0] != 0x7f || h[1] != 'E' || h[2] != 'L' || h[3] != 'F') {
      return null;
    }
    boolean littleEndian = h[5] == 1;
    int machine =
        littleEndian ? (h[18] & 0xff) | (h[19] & 0xff) << 8 : (h[19] & 0xff) | (h[18] & 0xff) << 8;
    boolean is64 = h[4] == 2;
    switch (machine) {
      case 0x3e:
        return "amd64";
      case 0xb7:
        return "arm64";
      case 0x03:
        return "386";
      case 0x28:
        return "arm";
      case 0x15:
        return is64 ? (littleEndian ? "ppc64le" : "ppc64") : "ppc";
      case 0x16:
        return "s390x";
      case 0xf3:
        return is64 ? "riscv64" : "riscv32";
      case 0x102:
        return "loong64";
      default:
        return "ELF machine 0x" + Integer.toHexString(machine);
    }
  }

  /** Whether {@code file} starts like an ELF file. */
  static boolean isElf(Path file) {
    return architectureOf(file) != null;
  }
}
