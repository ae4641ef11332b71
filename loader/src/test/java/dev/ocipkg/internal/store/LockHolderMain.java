package dev.ocipkg.internal.store;

import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Another process for the cleaner tests: locks the file named by its argument as an owner holds its
 * lock, says so on stdout, and keeps it until its stdin closes. With a second argument {@code
 * probe} it only says whether the lock is {@code free} or {@code held} by another process.
 */
public final class LockHolderMain {
  private LockHolderMain() {}

  public static void main(String[] args) throws Exception {
    if (args.length > 1) {
      try (FileChannel channel = FileChannel.open(Path.of(args[0]), StandardOpenOption.WRITE)) {
        System.out.println(channel.tryLock() == null ? "held" : "free");
      }
      return;
    }
    try (FileChannel channel =
        FileChannel.open(Path.of(args[0]), StandardOpenOption.CREATE, StandardOpenOption.WRITE)) {
      channel.lock();
      System.out.println("locked");
      System.out.flush();
      while (System.in.read() >= 0) {
        // holds the lock until the test closes our stdin
      }
    }
  }
}
