package dev.ocipkg.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Runs the shaded {@code ocipkg-cli-*-all.jar} as a child {@code java -jar} process with an
 * environment of the test's choosing: what a user runs, and the way to give the command line a
 * {@code DOCKER_CONFIG} of its own.
 */
final class ShadedJar {
  private final Path jar;
  private final Path home;
  private final Map<String, String> environment;

  /**
   * @param home the child's {@code user.home} (and so its default {@code ~/.docker})
   * @param environment variables set in the child, e.g. {@code DOCKER_CONFIG}
   */
  ShadedJar(Path home, Map<String, String> environment) {
    String built = System.getProperty("ocipkg.cli.jar");
    if (built == null || !Files.isRegularFile(Path.of(built))) {
      throw new IllegalStateException(
          "the shaded jar (system property ocipkg.cli.jar) is missing: run 'mvn -pl cli verify'");
    }
    this.jar = Path.of(built);
    this.home = home;
    this.environment = environment;
  }

  /** Runs the jar with {@code args}, {@code stdin} as its standard input. */
  Cli run(String stdin, String... args) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("-Duser.home=" + home);
    command.add("-jar");
    command.add(jar.toString());
    command.addAll(List.of(args));
    ProcessBuilder builder = new ProcessBuilder(command);
    Map<String, String> env = builder.environment();
    // Credentials only from the files this test writes.
    for (String name :
        List.of(
            "DOCKER_CONFIG",
            "REGISTRY_AUTH_FILE",
            "XDG_RUNTIME_DIR",
            "XDG_CONFIG_HOME",
            "OCIPKG_CREDENTIALS",
            "OCIPKG_CACHE_DIR")) {
      env.remove(name);
    }
    env.put("OCIPKG_CACHE_DIR", home.resolve("cache").toString());
    env.putAll(environment);
    Path out = Files.createTempFile(home, "out", ".txt");
    Path err = Files.createTempFile(home, "err", ".txt");
    Process process = builder.redirectOutput(out.toFile()).redirectError(err.toFile()).start();
    process.getOutputStream().write(stdin.getBytes(StandardCharsets.UTF_8));
    process.getOutputStream().close();
    if (!process.waitFor(60, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      throw new IllegalStateException("ocipkg " + args[0] + " did not finish in 60 s");
    }
    return new Cli(process.exitValue(), Files.readString(out), Files.readString(err));
  }
}
