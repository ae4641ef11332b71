package dev.ocipkg.internal.store;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Properties;
import org.jspecify.annotations.Nullable;

/**
 * Records of class paths found to hold no lock file: {@code classpath/<key>.scan}, what a scan of
 * the class path visited and the state of each file then, so that the next JVM with the same class
 * path checks that state (a {@code stat} per jar) instead of opening every jar again. The format of
 * a record is its writer's; this class only keeps them.
 *
 * <p>Named by a 64-bit FNV-1a hash of the key, which is stored inside and compared: a collision
 * reads as a miss. Replaced by an atomic rename, never edited in place. Written on the warm path,
 * so not through {@code tmp/}: the temp file is made beside the record ({@code .NAME.N.tmp}, mode
 * from the umask), with no owner lock, random source or logger set up for it; one left by a process
 * that died while writing is removed by a later write once a day old.
 */
public final class ClassPathRecords {
  private static final long STALE_TEMP_MILLIS = 86_400_000L;

  private final ContentStore store;
  private final boolean writes;

  /**
   * @param writes whether records are written; false where read-only caches are configured, whose
   *     warm hits must write nothing anywhere (they are still read)
   */
  public ClassPathRecords(ContentStore store, boolean writes) {
    this.store = store;
    this.writes = writes;
  }

  /** The record written for {@code key}, or null if there is none (or none readable). */
  public @Nullable Properties read(String key) {
    Properties p = ContentStore.readRecord(file(key));
    return p != null && key.equals(p.getProperty("key")) ? p : null;
  }

  /**
   * Writes (or replaces) the record of {@code key}: {@code record} with the key added. Only into a
   * cache that exists, and not where this instance does not write.
   *
   * @throws TamperedStoreException if the records' folder is a link or not a folder
   */
  public void write(String key, Properties record) throws IOException {
    if (!writes || !Files.isDirectory(store.root())) {
      return;
    }
    record.setProperty("key", key);
    Path file = file(key);
    Path folder = Files.createDirectories(file.getParent());
    StoreFiles.isDirectory(folder);
    removeStaleTemps(folder);
    ContentStore.replaceThrough(newTemp(folder, "." + file.getFileName() + "."), file, record);
  }

  private static Path newTemp(Path folder, String prefix) throws IOException {
    for (long n = System.nanoTime(); ; n++) {
      try {
        return Files.createFile(folder.resolve(prefix + Long.toUnsignedString(n, 36) + ".tmp"));
      } catch (FileAlreadyExistsException e) {
        // another writer's name: take the next
      }
    }
  }

  private static void removeStaleTemps(Path folder) throws IOException {
    long dayAgo = System.currentTimeMillis() - STALE_TEMP_MILLIS;
    try (DirectoryStream<Path> temps = Files.newDirectoryStream(folder, ".*.tmp")) {
      for (Path temp : temps) {
        @Nullable BasicFileAttributes a = StoreFiles.attributesOrNull(temp);
        if (a != null && a.isRegularFile() && a.lastModifiedTime().toMillis() < dayAgo) {
          Files.deleteIfExists(temp);
        }
      }
    }
  }

  private Path file(String key) {
    return store.classPathDirectory().resolve(ResolutionRecords.fnv1a64(key) + ".scan");
  }
}
