package dev.ocipkg.internal.store;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
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
      channel = FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
      FileLock fileLock = channel.lock();
      return new StoreLock(threadLock, channel, fileLock);
    } catch (IOException | RuntimeException e) {
      if (channel != null) {
        channel.close();
      }
      threadLock.unlock();
      throw e;
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
