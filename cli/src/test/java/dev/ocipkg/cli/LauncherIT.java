package dev.ocipkg.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The launcher {@code bin/ocipkg} runs the built jar, with the AOT cache the build made beside it
 * on JDK 25 and later (the tests run on JDK 25), and without it on an older JDK, which would refuse
 * the options. {@code -Xlog:aot=info} in {@code JAVA_OPTS} comes after the launcher's own logging
 * options, so the JVM says whether it used the cache (a cache older than the jar is opened, found
 * not to match, and dropped).
 */
class LauncherIT {
  private static final Path LAUNCHER = Path.of("bin", "ocipkg");
  private static final Path JAVA = Path.of(System.getProperty("java.home"), "bin", "java");

  @Test
  void usesTheBuiltAotCacheOnThisJdk() throws Exception {
    assertThat(builtCache()).as("the build's AOT cache").isNotEmpty();

    String output = launch(Path.of(System.getProperty("java.home")));

    assertThat(output)
        .contains("Using AOT-linked classes: true")
        .doesNotContain("mismatch")
        .contains("ocipkg");
  }

  @Test
  void leavesTheAotOptionsOutOnAJdkOlderThan25(@TempDir Path home) throws Exception {
    // A JDK home whose release file says 17, its java a script that runs this JDK's java: the
    // launcher must go by the release file and pass no AOT option.
    Files.createDirectories(home.resolve("bin"));
    Files.writeString(home.resolve("release"), "JAVA_VERSION=\"17.0.15\"\n");
    Path java = home.resolve("bin").resolve("java");
    Files.writeString(java, "#!/bin/sh\nexec '" + JAVA + "' \"$@\"\n");
    Files.setPosixFilePermissions(java, PosixFilePermissions.fromString("rwxr-xr-x"));

    String output = launch(home);

    assertThat(output).doesNotContain("AOT cache").contains("ocipkg");
  }

  private static List<Path> builtCache() throws IOException {
    try (var files = Files.list(Path.of("target"))) {
      return files
          .filter(p -> p.getFileName().toString().matches("ocipkg-cli-.*-all\\.aot"))
          .toList();
    }
  }

  private static String launch(Path javaHome) throws IOException, InterruptedException {
    ProcessBuilder builder = new ProcessBuilder(LAUNCHER.toString(), "--version");
    builder.environment().put("JAVA_HOME", javaHome.toString());
    builder.environment().put("JAVA_OPTS", "-Xlog:aot=info");
    builder.redirectErrorStream(true);
    Process process = builder.start();
    byte[] output = process.getInputStream().readAllBytes();
    assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
    String text = new String(output, StandardCharsets.UTF_8);
    assertThat(process.exitValue()).as(text).isZero();
    return text;
  }
}
