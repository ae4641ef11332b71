package dev.ocipkg.cli;

import dev.ocipkg.Platform;
import dev.ocipkg.internal.io.FileTrees;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import picocli.CommandLine;

/**
 * The training run of the command line's JDK AOT cache (JEPs 483, 514 and 515), which the build
 * makes with {@code java -XX:AOTCacheOutput=ocipkg-cli-…-all.aot -cp ocipkg-cli-…-all.jar
 * dev.ocipkg.cli.AotTraining WORK} and the launcher {@code bin/ocipkg} uses on JDK 25 and later.
 * The cache holds the classes this run loaded and linked and the profiles of its hot methods, so
 * the work here is what users run most: {@code pack} of a library, a cold {@code pull} from a
 * registry over plain http on loopback ({@link TrainingRegistry}, scheme probe, manifests, a gzip
 * layer verified and extracted into an empty cache), {@code inspect}, {@code resolve}, a warm
 * {@code pull}, {@code ls} and {@code gc}. Nothing leaves the machine; the files are made in a new
 * folder inside {@code WORK}, removed after.
 *
 * <p>A command that fails is reported on standard error and the run goes on, and the exit code is
 * 0: a cache trained on part of the work is smaller, never wrong (the JVM checks it against the jar
 * and itself), so a build machine whose loopback refuses the registry still builds. {@code
 * AotTrainingTest} is what fails when the training breaks.
 */
public final class AotTraining {
  private AotTraining() {}

  /**
   * Arguments: {@code WORK}, where the training makes its folder. Exit code 1 if a command failed.
   */
  public static void main(String[] args) throws IOException {
    if (args.length != 1) {
      System.err.println("usage: AotTraining WORK_FOLDER");
      System.exit(2);
    }
    Path work =
        Files.createTempDirectory(Files.createDirectories(Path.of(args[0])), "aot-training-");
    try {
      train(work);
    } finally {
      FileTrees.deleteRecursively(work);
    }
    System.exit(0);
  }

  /** Runs the training's commands in {@code work}; returns how many of them failed. */
  static int train(Path work) throws IOException {
    Path files = Files.createDirectories(work.resolve("files").resolve("lib"));
    Files.write(files.resolve("libtraining.so"), libraryLikeBytes());
    Path layout = work.resolve("layout");
    Path cache = work.resolve("cache");
    String platform = Platform.current().toString();
    List<String> failed = new ArrayList<>();
    run(failed, "pack", "-p", platform + "=" + files.getParent(), "-t", "1.0", "-o", layout);
    try (TrainingRegistry registry = TrainingRegistry.serve(layout)) {
      String reference = registry.address() + "/training/libtraining:1.0";
      String[] global = {"--cache-dir", cache.toString()};
      run(failed, global, "pull", reference, work.resolve("pulled"));
      run(failed, global, "inspect", reference);
      run(failed, global, "resolve", reference);
      run(failed, global, "pull", reference);
      run(failed, global, "ls");
      run(failed, global, "gc");
    }
    for (String failure : failed) {
      System.err.println("AOT training: " + failure);
    }
    return failed.size();
  }

  private static void run(List<String> failed, Object... args) {
    run(failed, new String[0], args);
  }

  private static void run(List<String> failed, String[] global, Object... args) {
    List<String> command = new ArrayList<>(List.of(global));
    command.add("--quiet");
    for (Object arg : args) {
      command.add(arg.toString());
    }
    StringWriter err = new StringWriter();
    CommandLine cl = OcipkgCommand.commandLine();
    cl.setOut(new PrintWriter(new StringWriter()));
    cl.setErr(new PrintWriter(err));
    int exit = cl.execute(command.toArray(String[]::new));
    if (exit != 0) {
      failed.add(String.join(" ", command) + " exited " + exit + ": " + err.toString().strip());
    }
  }

  /** 256 KiB that compress like a library: runs of a few hundred byte patterns, some noise. */
  private static byte[] libraryLikeBytes() {
    Random random = new Random(15);
    byte[] patterns = new byte[4096];
    random.nextBytes(patterns);
    byte[] bytes = new byte[256 * 1024];
    for (int i = 0; i < bytes.length; i++) {
      bytes[i] = i % 61 == 0 ? (byte) random.nextInt() : patterns[(i * 7) % patterns.length];
    }
    return bytes;
  }
}
