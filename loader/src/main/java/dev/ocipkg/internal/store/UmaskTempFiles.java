package dev.ocipkg.internal.store;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Temp files and folders that become what others read by rename: blobs, records and package folders
 * of a cache, blobs, {@code index.json} and archives of a layout. {@link Files#createTempFile} and
 * {@link Files#createTempDirectory} make them 0600 and 0700 whatever the umask, and a rename keeps
 * the mode: a cache filled by one user (an image build, an init container) that no other user may
 * read. These are created as any new file is, so that the umask decides (0644 and 0755 under 022,
 * group-writable under 002).
 */
public final class UmaskTempFiles {
  private UmaskTempFiles() {}

  /** A new empty file {@code prefix + random + suffix} in {@code dir}, mode from the umask. */
  public static Path createFile(Path dir, String prefix, String suffix) throws IOException {
    return create(dir, prefix, suffix, false);
  }

  /** A new empty folder {@code prefix + random + suffix} in {@code dir}, mode from the umask. */
  public static Path createDirectory(Path dir, String prefix, String suffix) throws IOException {
    return create(dir, prefix, suffix, true);
  }

  private static Path create(Path dir, String prefix, String suffix, boolean directory)
      throws IOException {
    for (int attempt = 0; ; attempt++) {
      Path path = dir.resolve(prefix + Long.toUnsignedString(RandomLongs.next(), 36) + suffix);
      try {
        return directory ? Files.createDirectory(path) : Files.createFile(path);
      } catch (FileAlreadyExistsException e) {
        if (attempt == 10) {
          throw e;
        }
      }
    }
  }
}
