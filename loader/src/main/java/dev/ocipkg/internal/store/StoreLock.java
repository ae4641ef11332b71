package dev.ocipkg.internal.store;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A lock shared by the threads of this JVM and by other JVMs using the same store.
 *
 * <p>Two layers, because a file lock alone cannot do it: the JVM holds file locks per process (a
 * second thread asking for the same one gets {@code OverlappingFileLockException}), so threads
 * first queue on an in-process lock, and only the holder takes the file lock. The operating system
 * drops a file lock when its process dies, so a killed JVM never leaves a stale lock behind; the
 * lock file itself stays and is reused.
 */
public final class StoreLock implements AutoCloseable {
  private static final ConcurrentHashMap<Path, ReentrantLock> IN_PROCESS =
      new ConcurrentHashMap<>();

  private final ReentrantLock threadLock;
  private final FileChannel channel;
  private final FileLock fileLock;

  private StoreLock(ReentrantLock threadLock, FileChannel channel, FileLock fileLock) {
    this.threadLock = threadLock;
    this.channel = channel;
    this.fileLock = fileLock;
  }

  static StoreLock acquire(Path lockFile) throws IOException {
    ReentrantLock threadLock = IN_PROCESS.computeIfAbsent(lockFile, f -> new ReentrantLock());
    threadLock.lock();
    FileChannel channel = null;
    try {
      // The caller checked that no FIFO is there; a link planted meanwhile fails the open.
      channel = open(lockFile);
      FileLock fileLock = lockFile(channel);
      return new StoreLock(threadLock, channel, fileLock);
    } catch (IOException | RuntimeException e) {
      if (channel != null) {
        channel.close();
      }
      threadLock.unlock();
      throw e;
    }
  }

  /**
   * Opens (or creates) the lock file for writing, which an exclusive lock needs. In a cache shared
   * by a group, another user's lock file is opened through its group-write bit; one made without it
   * (that user's umask was not 002) cannot be locked by this user at all, which is said as such
   * rather than as a cache that cannot be written.
   */
  private static FileChannel open(Path lockFile) throws IOException {
    try {
      return FileChannel.open(
          lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE, LinkOption.NOFOLLOW_LINKS);
    } catch (AccessDeniedException e) {
      if (!Files.exists(lockFile, LinkOption.NOFOLLOW_LINKS)) {
        throw e; // the folder cannot be written: the cache's own error
      }
      throw new UnsafeCacheException(
          lockFile,
          "cannot open the lock file "
              + lockFile
              + " ("
              + CacheOwnership.describe(lockFile)
              + ") for writing, which locking it needs: another user of a shared cache made it"
              + " without group write",
          "run chmod g+w "
              + lockFile
              + " (as its owner or root); everyone who shares a cache must run with umask 002 so"
              + " that what one makes the others can use");
    }
  }

  /**
   * Takes the file lock. Another copy of ocipkg in this JVM (another class loader, as in an
   * application server) has its own in-process locks, so the JVM may report the file lock as held
   * here already: then wait for that copy to let go.
   */
  private static FileLock lockFile(FileChannel channel) throws IOException {
    while (true) {
      try {
        return channel.lock();
      } catch (OverlappingFileLockException heldByAnotherCopyInThisJvm) {
        try {
          Thread.sleep(10);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new InterruptedIOException("interrupted while waiting for a cache lock");
        }
      }
    }
  }

  @Override
  public void close() throws IOException {
    try {
      fileLock.release();
      channel.close();
    } finally {
      threadLock.unlock();
    }
  }
}
