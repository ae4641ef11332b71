package dev.ocipkg.tools.pack;

import dev.ocipkg.Platform;
import dev.ocipkg.tools.layout.PackInputException;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;

/**
 * Refuses a native binary packed under a platform it does not run on (an x86-64 library labelled
 * {@code linux/arm64}, an ELF under {@code darwin}): a loader would pick it for the label and fail
 * to link it on the user's machine. Files whose header is no binary that {@link BinaryHeader} knows
 * are not checked.
 */
final class ArchitectureCheck {
  private ArchitectureCheck() {}

  /**
   * @param files the package's regular files by entry name
   * @throws PackInputException naming the file, what it is, and the platform it was packed under
   */
  static void check(String label, Platform platform, Map<String, Path> files) throws IOException {
    for (Map.Entry<String, Path> file : files.entrySet()) {
      BinaryHeader header = BinaryHeader.read(file.getValue());
      if (header == null) {
        continue;
      }
      boolean sameArchitecture = header.architecture().equals(platform.architecture());
      if (!sameArchitecture || !header.loadsOn(platform.os())) {
        throw new PackInputException(
            file.getKey()
                + " ("
                + file.getValue()
                + (header.format().equals("ELF") ? ") is an " : ") is a ")
                + header.format()
                + " binary for "
                + header.architecture()
                + " (machine 0x"
                + Integer.toHexString(header.machine())
                + "), packed under "
                + label
                + ": give it under the platform it was built for, or skip this check"
                + " (ocipkg pack --no-check-arch; Maven <checkArchitecture>false)");
      }
    }
  }
}
