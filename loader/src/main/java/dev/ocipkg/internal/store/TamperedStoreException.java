package dev.ocipkg.internal.store;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;

/**
 * Something at a path of the store that the store never makes there (a symbolic link, a FIFO, a
 * file where a folder belongs): the cache was changed outside ocipkg. The store neither follows nor
 * opens it; the message names the path, what was found and how to fix it. Unchecked, because the
 * store's cheap questions ("is this package here?") are asked on the warm path.
 */
public final class TamperedStoreException extends UncheckedIOException {
  private static final long serialVersionUID = 1L;

  private final transient Path path;

  TamperedStoreException(Path path, String found, String expected) {
    this(
        path,
        path
            + " is "
            + found
            + ", where the cache only ever makes "
            + expected
            + ": it was changed outside ocipkg, which neither follows nor opens it. Remove "
            + path
            + " (only it, not anything it points to) and load again");
  }

  /**
   * A new one, typed as its superclass for {@code throw}: a class that throws this type would load
   * it when it is verified, and the store's warm-path checks throw it only for a cache changed by
   * hand.
   */
  static RuntimeException at(Path path, String found, String expected) {
    return new TamperedStoreException(path, found, expected);
  }

  private TamperedStoreException(Path path, String message) {
    super(message, new IOException(message));
    this.path = path;
  }

  /** The path where the store found what it never makes. */
  public Path path() {
    return path;
  }
}
