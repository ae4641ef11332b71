package dev.ocipkg.internal.store;

import dev.ocipkg.internal.io.FileTrees;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import org.jspecify.annotations.Nullable;

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
    Long owner = ownerPid(entry);
    if (owner != null && owner != ProcessHandle.current().pid()) {
      // Another process's work: abandoned exactly when that process is gone.
      return !ProcessHandle.of(owner).map(ProcessHandle::isAlive).orElse(false);
    }
    // Ours, or not named by us: judged by age.
    try {
      Instant modified = Files.getLastModifiedTime(entry).toInstant();
      return modified.isBefore(Instant.now().minus(MAX_AGE));
    } catch (IOException e) {
      return false;
    }
  }

  /** The pid in {@code <purpose>.<pid>.<random>}, or null for a name of another form. */
  private static @Nullable Long ownerPid(Path entry) {
    String[] parts = entry.getFileName().toString().split("\\.");
    if (parts.length < 3) {
      return null;
    }
    try {
      return Long.parseLong(parts[1]);
    } catch (NumberFormatException e) {
      return null;
    }
  }
}
