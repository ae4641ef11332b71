package dev.ocipkg.it;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Starts JVMs like the one running the tests, with the same class path. */
final class JavaProcesses {
  private JavaProcesses() {}

  static Process start(Path output, Class<?> main, String... args) throws IOException {
    return start(output, Map.of(), main, args);
  }

  /** As {@link #start(Path, Class, String...)} with extra environment variables. */
  static Process start(Path output, Map<String, String> environment, Class<?> main, String... args)
      throws IOException {
    return start(output, environment, main.getName(), args);
  }

  /**
   * As {@link #start(Path, Map, Class, String...)} with the main class by name, for a class that
   * the caller cannot name at compile time (one compiled for Java 22 from {@code src/test/java22}).
   */
  static Process start(Path output, Map<String, String> environment, String main, String... args)
      throws IOException {
    return start(output, environment, List.of(), main, args);
  }

  /** As {@link #start(Path, Map, String, String...)} with options for the JVM itself. */
  static Process start(
      Path output,
      Map<String, String> environment,
      List<String> jvmOptions,
      String main,
      String... args)
      throws IOException {
    return start(
        output,
        List.of(),
        System.getProperty("java.class.path"),
        environment,
        jvmOptions,
        main,
        args);
  }

  /**
   * As {@link #start(Path, Map, List, String, String...)}, the java command run through {@code
   * prefix} (such as {@code setpriv --reuid=65534 ...}, to run it as another user) with {@code
   * classPath}, which that user must be able to read.
   */
  static Process start(
      Path output,
      List<String> prefix,
      String classPath,
      Map<String, String> environment,
      List<String> jvmOptions,
      String main,
      String... args)
      throws IOException {
    List<String> command = new ArrayList<>(prefix);
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(jvmOptions);
    if (Runtime.version().feature() >= 22) {
      command.add("--enable-native-access=ALL-UNNAMED");
    }
    command.add("-cp");
    command.add(classPath);
    command.add(main);
    command.addAll(List.of(args));
    ProcessBuilder builder =
        new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(output.toFile());
    builder.environment().putAll(environment);
    return builder.start();
  }
}
