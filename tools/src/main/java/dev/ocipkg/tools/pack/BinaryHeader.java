package dev.ocipkg.tools.pack;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import org.jspecify.annotations.Nullable;

/**
 * What the first bytes of a native binary say about where it runs: ELF's {@code e_machine},
 * Mach-O's {@code cputype}, PE's {@code Machine}. Only the formats and machines that the table
 * knows are recognised; anything else (a text file, a fat Mach-O, a rare machine) is {@link #read
 * read} as null and not checked.
 *
 * @param format {@code ELF}, {@code Mach-O} or {@code PE}
 * @param architecture the GOARCH name of the machine, e.g. {@code amd64}
 * @param machine the raw machine number, for messages
 */
record BinaryHeader(String format, String architecture, int machine) {
  private static final int HEADER_BYTES = 4096;

  /** The header of {@code file}, or null where it is no binary that this table knows. */
  static @Nullable BinaryHeader read(Path file) throws IOException {
    byte[] b;
    try (InputStream in = Files.newInputStream(file)) {
      b = in.readNBytes(HEADER_BYTES);
    }
    if (b.length >= 20 && b[0] == 0x7f && b[1] == 'E' && b[2] == 'L' && b[3] == 'F') {
      boolean little = b[5] == 1;
      int machine = little ? u16le(b, 18) : u16be(b, 18);
      String arch = elfArchitecture(machine, little, b[4] == 2);
      return arch == null ? null : new BinaryHeader("ELF", arch, machine);
    }
    if (b.length >= 8 && u32le(b, 0) == 0xfeedfacfL) {
      int cpu = (int) u32le(b, 4);
      String arch = cpu == 0x01000007 ? "amd64" : cpu == 0x0100000c ? "arm64" : null;
      return arch == null ? null : new BinaryHeader("Mach-O", arch, cpu);
    }
    if (b.length >= 0x40 && b[0] == 'M' && b[1] == 'Z') {
      int pe = (int) u32le(b, 0x3c);
      if (pe > 0
          && pe + 6 <= b.length
          && b[pe] == 'P'
          && b[pe + 1] == 'E'
          && b[pe + 2] == 0
          && b[pe + 3] == 0) {
        int machine = u16le(b, pe + 4);
        String arch =
            switch (machine) {
              case 0x8664 -> "amd64";
              case 0xaa64 -> "arm64";
              case 0x014c -> "386";
              case 0x01c4 -> "arm";
              default -> null;
            };
        return arch == null ? null : new BinaryHeader("PE", arch, machine);
      }
    }
    return null;
  }

  private static @Nullable String elfArchitecture(int machine, boolean little, boolean is64) {
    return switch (machine) {
      case 3 -> "386";
      case 62 -> "amd64";
      case 40 -> "arm";
      case 183 -> "arm64";
      case 243 -> "riscv64";
      case 21 -> little ? "ppc64le" : "ppc64";
      case 22 -> "s390x";
      case 258 -> "loong64";
      case 8 -> is64 ? (little ? "mips64le" : "mips64") : (little ? "mipsle" : "mips");
      default -> null;
    };
  }

  /** The OS families that load this format. */
  boolean loadsOn(String os) {
    return switch (format) {
      case "Mach-O" -> os.equals("darwin") || os.equals("ios");
      case "PE" -> os.equals("windows");
      default -> !(os.equals("darwin") || os.equals("ios") || os.equals("windows"));
    };
  }

  private static int u16le(byte[] b, int i) {
    return (b[i] & 0xff) | (b[i + 1] & 0xff) << 8;
  }

  private static int u16be(byte[] b, int i) {
    return (b[i] & 0xff) << 8 | (b[i + 1] & 0xff);
  }

  private static long u32le(byte[] b, int i) {
    return (u16le(b, i) | (long) u16le(b, i + 2) << 16) & 0xffffffffL;
  }
}
