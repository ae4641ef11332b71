package dev.ocipkg.internal.publish;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;

/**
 * Temp files that become what publishing writes (blobs, {@code index.json}, archives) by rename.
 * {@link Files#createTempFile} makes them 0600 whatever the umask, and a rename keeps the mode: a
 * layout or archive that only its writer may read. These are created as any new file is, so that
 * the umask decides (0644 under 022).
 */
final class PublishedTempFiles {
  private static final SecureRandom RANDOM = new SecureRandom();

  private PublishedTempFiles() {}

  /** A new empty file {@code prefix + random + suffix} in {@code dir}, mode from the umask. */
  static Path create(Path dir, String prefix, String suffix) throws IOException {
    for (int attempt = 0; ; attempt++) {
      Path file = dir.resolve(prefix + Long.toUnsignedString(RANDOM.nextLong(), 36) + suffix);
      try {
        return Files.createFile(file);
      } catch (FileAlreadyExistsException e) {
        if (attempt == 10) {
          throw e;
        }
      }
    }
  }
}
