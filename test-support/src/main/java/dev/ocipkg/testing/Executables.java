package dev.ocipkg.testing;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;

/**
 * Finds the external programs that the harness runs. A missing program is a failure, never a skip:
 * a test suite that silently skips its registry tests proves nothing.
 */
final class Executables {
  static final String INSTALL_HINT = "apt-get update && apt-get install -y docker-registry skopeo";

  private Executables() {}

  /**
   * Finds {@code name} on {@code PATH}, unless the system property {@code ocipkg.test.<name>} names
   * the binary explicitly.
   */
  static Path find(String name) {
    String override = System.getProperty("ocipkg.test." + name);
    if (override != null && !override.isBlank()) {
      Path path = Paths.get(override);
      if (Files.isExecutable(path)) {
        return path;
      }
      throw new IllegalStateException(
          "system property ocipkg.test."
              + name
              + " = \""
              + override
              + "\" is not an executable file");
    }
    String pathVariable = System.getenv().getOrDefault("PATH", "");
    for (String directory :
        (pathVariable + File.pathSeparator + "/usr/bin").split(File.pathSeparator)) {
      if (directory.isEmpty()) {
        continue;
      }
      Path candidate = Paths.get(directory, name);
      if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
        return candidate;
      }
    }
    throw new IllegalStateException(
        "'"
            + name
            + "' was not found on PATH ("
            + pathVariable
            + "). The registry tests need it; install it with: "
            + INSTALL_HINT);
  }
}
