package dev.ocipkg.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Starts {@link FetchedApp} in its own JVM, as an application container starts: no {@code OCIPKG_}
 * variable of this JVM leaks in, only the given environment and system properties.
 *
 * @param prefix a command that runs java as another user (see {@code OtherUser}), or none
 * @param classPath the class path, readable by that user
 */
record AppJvm(List<String> prefix, String classPath) {
  /** As this JVM's user, on this JVM's class path. */
  static AppJvm here() {
    return new AppJvm(List.of(), System.getProperty("java.class.path"));
  }

  /** Starts it; its output and error go to {@code output}. */
  Process start(
      Path output, Map<String, String> environment, List<String> properties, String... args)
      throws IOException {
    List<String> command = new ArrayList<>(prefix);
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    if (Runtime.version().feature() >= 22) {
      command.add("--enable-native-access=ALL-UNNAMED");
    }
    command.addAll(properties);
    command.add("-cp");
    command.add(classPath);
    command.add(FetchedApp.class.getName());
    command.addAll(List.of(args));
    ProcessBuilder builder =
        new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(output.toFile());
    builder.environment().keySet().removeIf(name -> name.startsWith("OCIPKG_"));
    builder.environment().putAll(environment);
    return builder.start();
  }

  /** Waits up to 60 s for a started app; its output and error. */
  static String finish(Process process, Path output) throws IOException, InterruptedException {
    if (!process.waitFor(60, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      throw new IllegalStateException("the application did not finish in 60 s; see " + output);
    }
    return Files.readString(output);
  }
}
