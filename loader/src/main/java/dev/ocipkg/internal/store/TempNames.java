package dev.ocipkg.internal.store;

import dev.ocipkg.internal.io.FileTrees;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;

/**
 * Names of work in progress carry the owner's process id ({@code <purpose>.<pid>.<random>}), so
 * that a later run can remove what a killed process left behind without touching what a live one is
 * writing.
 */
final class TempNames {
  private static final System.Logger LOG = System.getLogger(TempNames.class.getName());

  /** Entries of dead owners are removed at once; entries older than this are removed anyway. */
  private static final Duration MAX_AGE = Duration.ofDays(1);

  private TempNames() {}

  static String prefix(String purpose) {
    return purpose + "." + ProcessHandle.current().pid() + ".";
  }

  static void cleanAbandoned(Path tmp) {
    if (!Files.isDirectory(tmp)) {
      return;
    }
    try (DirectoryStream<Path> entries = Files.newDirectoryStream(tmp)) {
      for (Path entry : entries) {
        if (isAbandoned(entry)) {
          LOG.log(System.Logger.Level.DEBUG, "removing abandoned {0}", entry);
          FileTrees.deleteRecursively(entry);
        }
      }
    } catch (IOException e) {
      LOG.log(System.Logger.Level.DEBUG, "could not clean " + tmp, e);
    }
  }

  private static boolean isAbandoned(Path entry) {
    String[] parts = entry.getFileName().toString().split("\\.");
    if (parts.length >= 3) {
      try {
        long pid = Long.parseLong(parts[1]);
        if (pid != ProcessHandle.current().pid()
            && ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)) {
          return false;
        }
        if (pid != ProcessHandle.current().pid()) {
          return true;
        }
      } catch (NumberFormatException e) {
        // not one of ours: judged by age below
      }
    }
    try {
      Instant modified = Files.getLastModifiedTime(entry).toInstant();
      return modified.isBefore(Instant.now().minus(MAX_AGE));
    } catch (IOException e) {
      return false;
    }
  }
}
