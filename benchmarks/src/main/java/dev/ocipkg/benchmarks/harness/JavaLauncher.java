package dev.ocipkg.benchmarks.harness;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Command lines for the probe JVMs: the harness's own {@code java} (JDK 25 from run.sh), the probe
 * class path (the probe classes, the loader and its runtime dependencies: nothing of JMH or the
 * test harness), and native access enabled so that JDK 25 prints no warning into what is timed.
 */
final class JavaLauncher {
  private final Path java;
  private final String classPath;

  JavaLauncher(Path java, String classPath) {
    this.java = java;
    this.classPath = classPath;
  }

  static JavaLauncher ofThisJvm(String probeClassPath) {
    String command =
        ProcessHandle.current()
            .info()
            .command()
            .orElseThrow(() -> new IllegalStateException("cannot tell which java runs this"));
    return new JavaLauncher(Path.of(command), probeClassPath);
  }

  /** The same launcher with {@code loader} in place of the class path's ocipkg-loader jar. */
  JavaLauncher withLoaderJar(Path loader) {
    List<String> entries = new ArrayList<>();
    boolean replaced = false;
    for (String entry : classPath.split(File.pathSeparator)) {
      if (Path.of(entry).getFileName().toString().startsWith("ocipkg-loader")) {
        entries.add(loader.toString());
        replaced = true;
      } else {
        entries.add(entry);
      }
    }
    if (!replaced) {
      throw new IllegalStateException("no ocipkg-loader jar on the probe class path");
    }
    return new JavaLauncher(java, String.join(File.pathSeparator, entries));
  }

  /**
   * The same launcher with {@code jar} in place of the class path's folders (this module's
   * classes): a JDK AOT cache takes jars only.
   */
  JavaLauncher withJarForFolders(Path jar) {
    List<String> entries = new ArrayList<>();
    for (String entry : classPath.split(File.pathSeparator)) {
      entries.add(Files.isDirectory(Path.of(entry)) ? jar.toString() : entry);
    }
    return new JavaLauncher(
        java, String.join(File.pathSeparator, entries.stream().distinct().toList()));
  }

  /** The same launcher with {@code more} appended to the class path. */
  JavaLauncher withClassPath(String more) {
    return new JavaLauncher(java, classPath + File.pathSeparator + more);
  }

  Path java() {
    return java;
  }

  List<String> command(List<String> jvmOptions, Class<?> mainClass, String... args) {
    List<String> command = new ArrayList<>();
    command.add(java.toString());
    command.add("--enable-native-access=ALL-UNNAMED");
    command.addAll(jvmOptions);
    command.add("-cp");
    command.add(classPath);
    command.add(mainClass.getName());
    command.addAll(List.of(args));
    return command;
  }
}
