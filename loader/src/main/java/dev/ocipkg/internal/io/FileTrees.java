package dev.ocipkg.internal.io;

import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import org.jspecify.annotations.Nullable;

/** Deleting folder trees without ever following a link out of them. */
public final class FileTrees {
  private FileTrees() {}

  /**
   * Deletes {@code path} and, if it is a folder, everything in it. Links are deleted, never
   * followed ({@code walkFileTree} reports a link as a file). Entries that vanish meanwhile (a
   * concurrent cleaner) are fine; a missing {@code path} is fine.
   */
  public static void deleteRecursively(Path path) throws IOException {
    if (!Files.exists(path, LinkOption.NOFOLLOW_LINKS)) {
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
          public FileVisitResult visitFileFailed(Path file, IOException e) throws IOException {
            if (e instanceof NoSuchFileException) {
              return FileVisitResult.CONTINUE;
            }
            throw e;
          }

          @Override
          public FileVisitResult postVisitDirectory(Path dir, @Nullable IOException e)
              throws IOException {
            if (e != null && !(e instanceof NoSuchFileException)) {
              throw e;
            }
            deleteIfExists(dir);
            return FileVisitResult.CONTINUE;
          }
        });
  }

  /** As {@link #deleteRecursively}, for clean-up paths where a failure must not hide another. */
  public static void deleteQuietly(Path path) {
    try {
      deleteRecursively(path);
    } catch (IOException e) {
      // left behind; the store removes abandoned work on a later run
    }
  }

  private static void deleteIfExists(Path path) throws IOException {
    try {
      Files.deleteIfExists(path);
    } catch (NoSuchFileException e) {
      // removed meanwhile
    }
  }
}
