package dev.ocipkg.internal.store;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import org.jspecify.annotations.Nullable;

/**
 * Looks at a path of the store without following links, before the store opens or trusts it: the
 * store makes only regular files and folders, so anything else there (a planted symbolic link that
 * leads out of the cache, a FIFO whose opening would block forever) is refused, never followed and
 * never opened. One {@code lstat} each: cheap enough for the warm path.
 */
final class StoreFiles {
  private StoreFiles() {}

  /** Whether a real folder is at {@code path}; false if nothing is. */
  static boolean isDirectory(Path path) {
    @Nullable BasicFileAttributes attributes = attributesOrNull(path);
    if (attributes == null) {
      return false;
    }
    if (!attributes.isDirectory() || attributes.isSymbolicLink()) {
      throw TamperedStoreException.at(path, describe(attributes), "folders there");
    }
    return true;
  }

  /** Whether a regular file is at {@code path}; false if nothing is. */
  static boolean isRegularFile(Path path) {
    @Nullable BasicFileAttributes attributes = attributesOrNull(path);
    if (attributes == null) {
      return false;
    }
    if (!attributes.isRegularFile()) {
      throw TamperedStoreException.at(path, describe(attributes), "regular files there");
    }
    return true;
  }

  /** What is at {@code path}, links not followed; null if nothing (or nothing readable) is. */
  static @Nullable BasicFileAttributes attributesOrNull(Path path) {
    try {
      return Files.readAttributes(path, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
    } catch (NoSuchFileException e) {
      return null;
    } catch (IOException e) {
      return null; // unreadable reads as missing; opening it then reports the real error
    }
  }

  static String describe(BasicFileAttributes attributes) {
    if (attributes.isSymbolicLink()) {
      return "a symbolic link";
    }
    if (attributes.isDirectory()) {
      return "a folder";
    }
    if (attributes.isRegularFile()) {
      return "a regular file";
    }
    return "a FIFO, socket or device";
  }
}
