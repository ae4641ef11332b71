package dev.ocipkg.internal.lock;

import java.nio.file.Path;
import org.jspecify.annotations.Nullable;

/**
 * The locks one loader honours: the lock file it was configured with ({@code ocipkg.lock.file} /
 * {@code OCIPKG_LOCK_FILE} / {@code NativeLoader.Builder.lockFile}), read once at its first locked
 * lookup, then the {@code META-INF/ocipkg.lock} resources of the class loader asked about. An entry
 * of the configured file wins over the class path's for the same reference; the class path still
 * serves the references the file does not name.
 */
public final class LockLookup {
  private final @Nullable Path file;
  private volatile @Nullable LockFile read;

  /**
   * @param file the configured lock file, or null for none
   */
  public LockLookup(@Nullable Path file) {
    this.file = file;
  }

  /**
   * What {@code key} (a canonical tagged reference) is locked to, or null where no lock names it.
   *
   * @param classLoader whose class-path locks count; null for none
   * @throws LockFileException if the configured file is missing or malformed, or the class path's
   *     locks are malformed or disagree about {@code key}
   */
  public @Nullable Locked find(String key, @Nullable ClassLoader classLoader) {
    if (file != null) {
      LockFile lock = configured(file);
      LockedImage image = lock.find(key);
      if (image != null) {
        return new Locked(image, lock.location());
      }
    }
    return classLoader == null ? null : ClassPathLocks.of(classLoader).find(key);
  }

  /** The configured file, read on first use; a failed read is tried again on the next load. */
  private LockFile configured(Path path) {
    LockFile lock = read;
    if (lock == null) {
      lock = LockFileReader.read(path);
      read = lock;
    }
    return lock;
  }
}
