package dev.ocipkg.testing;

import java.nio.file.Path;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Last line of defence: kills registry processes and deletes temp folders that a crashed or
 * interrupted test run did not close, so no orphan {@code docker-registry} outlives the JVM.
 */
final class ProcessReaper {
  private static final Set<Process> PROCESSES = ConcurrentHashMap.newKeySet();
  private static final Set<Path> DIRECTORIES = ConcurrentHashMap.newKeySet();

  static {
    Runtime.getRuntime().addShutdownHook(new Thread(ProcessReaper::reap, "ocipkg-test-reaper"));
  }

  private ProcessReaper() {}

  static void register(Process process) {
    PROCESSES.add(process);
  }

  static void unregister(Process process) {
    PROCESSES.remove(process);
  }

  static void register(Path directory) {
    DIRECTORIES.add(directory);
  }

  static void unregister(Path directory) {
    DIRECTORIES.remove(directory);
  }

  private static void reap() {
    for (Process process : PROCESSES) {
      process.destroyForcibly();
    }
    for (Process process : PROCESSES) {
      try {
        process.waitFor();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
    DIRECTORIES.forEach(TempDirectories::deleteQuietly);
  }
}
