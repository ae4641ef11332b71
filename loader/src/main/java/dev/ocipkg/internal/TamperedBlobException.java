package dev.ocipkg.internal;

import dev.ocipkg.internal.source.DigestMismatchException;
import java.io.IOException;
import java.nio.file.Path;

/**
 * A blob found in the store that does not match its digest: the cache was changed outside ocipkg.
 * The blob has been removed; the package is then fetched again from its source.
 */
final class TamperedBlobException extends IOException {
  private static final long serialVersionUID = 1L;

  TamperedBlobException(Path blob, String source, DigestMismatchException mismatch) {
    super(
        "the cache was changed outside ocipkg: "
            + mismatch.getMessage()
            + "; the blob was removed and is fetched again from "
            + source,
        mismatch);
  }
}
