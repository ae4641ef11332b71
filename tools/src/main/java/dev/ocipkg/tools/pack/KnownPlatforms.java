package dev.ocipkg.tools.pack;

import dev.ocipkg.Platform;
import java.util.List;

/**
 * The OS and architecture names that publishing accepts: Go's {@code GOOS} and {@code GOARCH}
 * values, which the OCI image spec names as the values of {@code platform.os} and {@code
 * platform.architecture} ({@code go tool dist list}). A typo such as {@code amd46} is refused
 * before it reaches an index, where no loader would ever pick it.
 */
public final class KnownPlatforms {
  public static final List<String> OPERATING_SYSTEMS =
      List.of(
          "aix",
          "android",
          "darwin",
          "dragonfly",
          "freebsd",
          "illumos",
          "ios",
          "js",
          "linux",
          "netbsd",
          "openbsd",
          "plan9",
          "solaris",
          "wasip1",
          "windows");

  public static final List<String> ARCHITECTURES =
      List.of(
          "386",
          "amd64",
          "arm",
          "arm64",
          "loong64",
          "mips",
          "mips64",
          "mips64le",
          "mipsle",
          "ppc64",
          "ppc64le",
          "riscv64",
          "s390x",
          "wasm");

  private KnownPlatforms() {}

  /**
   * Checks {@code platform}'s OS and architecture against the table.
   *
   * @throws IllegalArgumentException naming the unknown part, quoting {@code text}, and listing the
   *     known names
   */
  public static void check(Platform platform, String text) {
    if (!OPERATING_SYSTEMS.contains(platform.os())) {
      throw new IllegalArgumentException(
          "unknown OS \""
              + platform.os()
              + "\" in \""
              + text
              + "\"; the known ones (Go's GOOS, as the OCI spec says) are "
              + String.join(", ", OPERATING_SYSTEMS));
    }
    if (!ARCHITECTURES.contains(platform.architecture())) {
      throw new IllegalArgumentException(
          "unknown architecture \""
              + platform.architecture()
              + "\" in \""
              + text
              + "\"; the known ones (Go's GOARCH, as the OCI spec says) are "
              + String.join(", ", ARCHITECTURES));
    }
  }
}
