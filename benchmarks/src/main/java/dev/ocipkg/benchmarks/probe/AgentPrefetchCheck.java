package dev.ocipkg.benchmarks.probe;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/**
 * Started with {@code -javaagent:ocipkg-agent.jar=REF} on an empty cache: waits until a package
 * appears in the cache, which proves that the agent fetched {@code REF} on its own. Exits 0 if it
 * did within the time given, 3 if not.
 *
 * <p>Arguments: {@code CACHE_DIR TIMEOUT_MILLIS}.
 */
public final class AgentPrefetchCheck {
  private AgentPrefetchCheck() {}

  public static void main(String[] args) throws IOException, InterruptedException {
    Path packages = Path.of(args[0]).resolve("packages").resolve("sha256");
    long deadline = System.nanoTime() + Long.parseLong(args[1]) * 1_000_000L;
    while (System.nanoTime() < deadline) {
      if (hasPackage(packages)) {
        System.out.println("prefetched=true");
        return;
      }
      Thread.sleep(20);
    }
    System.out.println("prefetched=false");
    System.exit(3);
  }

  private static boolean hasPackage(Path packages) throws IOException {
    if (!Files.isDirectory(packages)) {
      return false;
    }
    try (Stream<Path> entries = Files.list(packages)) {
      return entries.findAny().isPresent();
    }
  }
}
