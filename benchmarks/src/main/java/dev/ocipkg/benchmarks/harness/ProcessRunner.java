package dev.ocipkg.benchmarks.harness;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;

/**
 * Starts commands and times them from outside, wall clock, with output captured in files (no pipe
 * to drain, no reader thread competing for the two cores) and, where {@code /usr/bin/time} exists
 * and it is asked for, the peak RSS.
 */
final class ProcessRunner {
  private static final Duration TIMEOUT = Duration.ofMinutes(3);
  private static final List<String> INHERITED_JVM_OPTIONS =
      List.of("JAVA_TOOL_OPTIONS", "JDK_JAVA_OPTIONS", "_JAVA_OPTIONS");

  private final Path outputDirectory;
  private final @Nullable Path gnuTime;
  private int sequence;

  ProcessRunner(Path outputDirectory) throws IOException {
    this.outputDirectory = Files.createDirectories(outputDirectory);
    Path time = Path.of("/usr/bin/time");
    this.gnuTime = Files.isExecutable(time) ? time : null;
  }

  /**
   * Writes dirty pages back ({@code sync}), outside any timing, so that a benchmark that writes
   * hundreds of MiB does not start while the kernel is still flushing the previous one's: past its
   * dirty-page limits Linux makes writers wait for the disk.
   */
  void settle() throws IOException {
    run(List.of("sync")).checked();
  }

  boolean measuresPeakRss() {
    return gnuTime != null;
  }

  ProcessResult run(List<String> command) throws IOException {
    return runTogether(List.of(command), false).get(0);
  }

  ProcessResult runWithPeakRss(List<String> command) throws IOException {
    return runTogether(List.of(command), true).get(0);
  }

  /**
   * Starts all commands at once and waits for all; each result's wall time runs from the first
   * start to that process's end, so the slowest is the wall time of the group.
   */
  List<ProcessResult> runTogether(List<List<String>> commands, boolean peakRss) throws IOException {
    List<Launched> launched = new ArrayList<>();
    long started = System.nanoTime();
    try {
      for (List<String> command : commands) {
        launched.add(start(command, peakRss));
      }
      List<ProcessResult> results = new ArrayList<>();
      for (Launched l : launched) {
        if (!l.process.waitFor(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
          throw new IOException("timed out after " + TIMEOUT + ": " + String.join(" ", l.command));
        }
        long ended = System.nanoTime();
        results.add(l.result(ended - started));
      }
      return results;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InterruptedIOException("interrupted while waiting for a benchmark process");
    } finally {
      for (Launched l : launched) {
        l.process.destroyForcibly();
      }
    }
  }

  private Launched start(List<String> command, boolean peakRss) throws IOException {
    int id = ++sequence;
    Path stdout = outputDirectory.resolve(id + ".out");
    Path stderr = outputDirectory.resolve(id + ".err");
    Path rss = outputDirectory.resolve(id + ".rss");
    List<String> full = new ArrayList<>();
    boolean timed = peakRss && gnuTime != null;
    if (timed) {
      full.addAll(List.of(gnuTime.toString(), "-f", "%M", "-o", rss.toString()));
    }
    full.addAll(command);
    ProcessBuilder builder =
        new ProcessBuilder(full).redirectOutput(stdout.toFile()).redirectError(stderr.toFile());
    Map<String, String> environment = builder.environment();
    environment.keySet().removeIf(key -> key.startsWith("OCIPKG_"));
    INHERITED_JVM_OPTIONS.forEach(environment::remove);
    Process process = builder.start();
    process.getOutputStream().close();
    return new Launched(command, process, stdout, stderr, timed ? rss : null);
  }

  private static final class Launched {
    final List<String> command;
    final Process process;
    final Path stdout;
    final Path stderr;
    final @Nullable Path rss;

    Launched(List<String> command, Process process, Path stdout, Path stderr, @Nullable Path rss) {
      this.command = command;
      this.process = process;
      this.stdout = stdout;
      this.stderr = stderr;
      this.rss = rss;
    }

    ProcessResult result(long wallNanos) throws IOException {
      return new ProcessResult(
          command,
          process.exitValue(),
          wallNanos,
          Files.readString(stdout),
          Files.readString(stderr),
          peakRssKib());
    }

    private long peakRssKib() throws IOException {
      if (rss == null || !Files.exists(rss)) {
        return -1;
      }
      List<String> lines = Files.readAllLines(rss);
      // time -o also records "Command exited with non-zero status"; the number is the last line.
      for (int i = lines.size() - 1; i >= 0; i--) {
        String line = lines.get(i).trim();
        if (!line.isEmpty() && line.chars().allMatch(Character::isDigit)) {
          return Long.parseLong(line);
        }
      }
      return -1;
    }
  }
}
