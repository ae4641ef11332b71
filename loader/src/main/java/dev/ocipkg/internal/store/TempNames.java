package dev.ocipkg.internal.store;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
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
          deleteRecursively(entry);
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

  static void deleteRecursively(Path path) throws IOException {
    if (!Files.exists(path, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
      return;
    }
    Files.walkFileTree(
        path,
        new SimpleFileVisitor<>() {
          @Override
          public FileVisitResult visitFile(Path file, BasicFileAttributes attrs)
              throws IOException {
            deleteIfExists(file);
            return FileVisitResult.CONTINUE;
          }

          @Override
          public FileVisitResult postVisitDirectory(Path dir, IOException exc) throws IOException {
            deleteIfExists(dir);
            return FileVisitResult.CONTINUE;
          }
        });
  }

  private static void deleteIfExists(Path path) throws IOException {
    try {
      Files.deleteIfExists(path);
    } catch (NoSuchFileException e) {
      // removed by a concurrent cleaner
    }
  }
}
