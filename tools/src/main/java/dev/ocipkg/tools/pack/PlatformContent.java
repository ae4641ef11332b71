package dev.ocipkg.tools.pack;

import dev.ocipkg.Platform;
import java.nio.file.Path;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * What one platform's package holds: files and folders on disk. A folder contributes its content
 * (not itself) at the package root, a file itself under its own name.
 *
 * @param platform the OCI platform of the build
 * @param libc the C library where the platform object cannot say it ({@code musl}), else null; it
 *     becomes the index descriptor's {@code dev.ocipkg.libc} annotation
 * @param paths the files and folders, at least one
 */
public record PlatformContent(Platform platform, @Nullable String libc, List<Path> paths) {
  public PlatformContent {
    paths = List.copyOf(paths);
    if (paths.isEmpty()) {
      throw new IllegalArgumentException("platform " + platform + " has no files or folders");
    }
    if (libc != null && libc.isBlank()) {
      libc = null;
    }
  }

  /**
   * Parses {@code os/arch[/variant][+libc]=PATH[,PATH...]}, e.g. {@code
   * linux/amd64=build/linux-x64} or {@code linux/arm64+musl=build/musl/libfoo.so}. Paths are
   * resolved against {@code base}; they are not checked here.
   *
   * @throws IllegalArgumentException quoting the text if it is malformed or names an OS or
   *     architecture that {@link KnownPlatforms} does not know
   */
  public static PlatformContent parse(String text, Path base) {
    int eq = text.indexOf('=');
    if (eq <= 0 || eq == text.length() - 1) {
      throw new IllegalArgumentException(
          "\""
              + text
              + "\" is not os/arch[/variant][+libc]=PATH, e.g. linux/amd64=build/linux-x64");
    }
    String platformText = text.substring(0, eq);
    String libc = null;
    int plus = platformText.indexOf('+');
    if (plus >= 0) {
      libc = platformText.substring(plus + 1);
      platformText = platformText.substring(0, plus);
      if (!libc.matches("[a-z][a-z0-9]*")) {
        throw new IllegalArgumentException(
            "\"" + libc + "\" in \"" + text + "\" is not a C library name such as musl");
      }
    }
    Platform platform = Platform.parse(platformText);
    KnownPlatforms.check(platform, text);
    List<Path> paths =
        java.util.Arrays.stream(text.substring(eq + 1).split(","))
            .filter(p -> !p.isBlank())
            .map(p -> base.resolve(p.strip()))
            .toList();
    return new PlatformContent(platform, libc, paths);
  }

  /** {@code os/arch[/variant][+libc]}: how messages and the index tell two entries apart. */
  public String label() {
    return libc == null ? platform.toString() : platform + "+" + libc;
  }
}
