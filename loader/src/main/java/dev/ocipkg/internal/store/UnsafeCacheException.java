package dev.ocipkg.internal.store;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;

/**
 * A folder or file of a cache that this process must not use as it is: a cache folder other users
 * may plant files in, or a lock file this user may not open for writing. The message names the
 * path, its owner and mode and what is wrong; {@link #fix()} says what to do. Unchecked, because
 * the check runs where the store is opened, on the warm path too.
 */
public final class UnsafeCacheException extends UncheckedIOException {
  private static final long serialVersionUID = 1L;

  private final transient Path path;
  private final String fix;

  UnsafeCacheException(Path path, String problem, String fix) {
    super(problem, new IOException(problem));
    this.path = path;
    this.fix = fix;
  }

  /**
   * A new one, typed as its superclass for {@code throw}: a class that throws this type would load
   * it when it is verified, and the owner checks of the warm path throw it only for a cache that
   * others may write.
   */
  static RuntimeException refusing(Path path, String problem, String fix) {
    return new UnsafeCacheException(path, problem, fix);
  }

  /** The folder or file refused. */
  public Path path() {
    return path;
  }

  /** What to do about it: the command that fixes the folder, or another setting. */
  public String fix() {
    return fix;
  }
}
