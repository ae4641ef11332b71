package dev.ocipkg.internal.store;

import dev.ocipkg.internal.io.FileTrees;
import dev.ocipkg.internal.io.LazyLogger;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.AccessDeniedException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.jspecify.annotations.Nullable;

/**
 * Names of work in progress carry their owner's id ({@code <purpose>.<owner id>.<random>}, see
 * {@link TempOwner}), so that a later run can remove what a dead process left behind without
 * touching what a live one is writing, whatever PID namespace or host either runs in. Names of
 * another form (older versions wrote a pid there) are judged by age.
 */
final class TempNames {
  private static final System.Logger LOG = LazyLogger.of(TempNames.class);

  /** Entries of dead owners are removed at once; entries of unknown owners once this old. */
  private static final Duration MAX_AGE = Duration.ofDays(1);

  /**
   * Channels of lock files that another copy of ocipkg in this JVM holds, which a probe opened:
   * closing them (or letting them be collected) would drop that copy's lock, so they stay open.
   */
  private static final Set<FileChannel> KEPT_OPEN = ConcurrentHashMap.newKeySet();

  private TempNames() {}

  static String prefix(String purpose, String ownerId) {
    return purpose + "." + ownerId + ".";
  }

  /**
   * Removes from {@code tmp} the work of owners that are gone, then their lock files in {@code
   * owners}; {@code ownId} (this copy's owner, if it has one) is alive by definition.
   */
  static void cleanAbandoned(Path tmp, Path owners, @Nullable String ownId) {
    Map<String, Verdict> verdicts = new HashMap<>();
    try {
      if (Files.isDirectory(tmp, LinkOption.NOFOLLOW_LINKS)) {
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(tmp)) {
          for (Path entry : entries) {
            @Nullable String id = ownerId(entry.getFileName().toString());
            if (id != null && id.equals(ownId)) {
              continue;
            }
            boolean abandoned;
            if (id == null) {
              abandoned = isOld(entry);
            } else {
              Verdict verdict = verdicts.get(id);
              if (verdict == null) {
                verdict = probe(owners, id);
                verdicts.put(id, verdict);
              }
              abandoned = verdict.gone;
            }
            if (abandoned) {
              removeAbandoned(entry);
            }
          }
        }
      }
      cleanOwners(owners, ownId, verdicts);
    } catch (IOException e) {
      LOG.log(System.Logger.Level.DEBUG, "could not clean " + tmp, e);
    } finally {
      for (Map.Entry<String, Verdict> e : verdicts.entrySet()) {
        e.getValue().forget(owners.resolve(e.getKey() + TempOwner.LOCK_SUFFIX));
      }
    }
  }

  /** Lock files of owners gone without work left, and set-ups abandoned half-way. */
  private static void cleanOwners(Path owners, @Nullable String ownId, Map<String, Verdict> seen)
      throws IOException {
    if (!Files.isDirectory(owners, LinkOption.NOFOLLOW_LINKS)) {
      return;
    }
    try (DirectoryStream<Path> files = Files.newDirectoryStream(owners)) {
      for (Path file : files) {
        String name = file.getFileName().toString();
        if (name.endsWith(TempOwner.CREATING_SUFFIX) && isOld(file)) {
          removeAbandoned(file);
        } else if (name.endsWith(TempOwner.LOCK_SUFFIX)) {
          String id = name.substring(0, name.length() - TempOwner.LOCK_SUFFIX.length());
          if (TempOwner.isId(id) && !id.equals(ownId) && !seen.containsKey(id)) {
            seen.put(id, probe(owners, id));
          }
        }
      }
    }
  }

  /**
   * Removes what an owner that is gone left; in a cache shared by a group, what this user may not
   * delete (made by another user without group write) stays, and the load goes on.
   */
  private static void removeAbandoned(Path entry) {
    LOG.log(System.Logger.Level.DEBUG, "removing abandoned {0}", entry);
    try {
      FileTrees.deleteRecursively(entry);
    } catch (IOException e) {
      LOG.log(System.Logger.Level.DEBUG, "could not remove the abandoned " + entry, e);
    }
  }

  /** The owner id in {@code <purpose>.<id>.<random>}, or null for a name of another form. */
  static @Nullable String ownerId(String name) {
    int first = name.indexOf('.');
    int second = first < 0 ? -1 : name.indexOf('.', first + 1);
    if (second < 0) {
      return null;
    }
    String id = name.substring(first + 1, second);
    return TempOwner.isId(id) ? id : null;
  }

  /**
   * Whether owner {@code id} is gone: true when its lock file can be locked (then it stays locked
   * by this verdict until {@link Verdict#forget}) or is missing (a cleaner before this one found
   * the owner gone and removed it).
   */
  private static Verdict probe(Path owners, String id) throws IOException {
    if (TempOwner.aliveInThisJvm(id)) {
      return Verdict.ALIVE;
    }
    Path lockFile = owners.resolve(id + TempOwner.LOCK_SUFFIX);
    BasicFileAttributes attributes;
    try {
      attributes =
          Files.readAttributes(lockFile, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
    } catch (NoSuchFileException e) {
      return Verdict.GONE_WITHOUT_LOCK_FILE;
    }
    if (!attributes.isRegularFile()) {
      // Never opened (a FIFO would hang the open): not ours to judge, and its work is kept.
      LOG.log(
          System.Logger.Level.WARNING,
          "{0} is not a regular file; the store never makes one there. Remove it",
          lockFile);
      return Verdict.ALIVE;
    }
    FileChannel channel;
    try {
      channel = FileChannel.open(lockFile, StandardOpenOption.WRITE, LinkOption.NOFOLLOW_LINKS);
    } catch (AccessDeniedException e) {
      // Another user's, made without group write: this user cannot tell, so its work is kept.
      LOG.log(System.Logger.Level.DEBUG, "cannot probe {0}: {1}", lockFile, e.getMessage());
      return Verdict.ALIVE;
    }
    try {
      FileLock lock = channel.tryLock();
      if (lock == null) {
        channel.close(); // held by another process: alive
        return Verdict.ALIVE;
      }
      return new Verdict(true, channel);
    } catch (OverlappingFileLockException heldByAnotherCopyInThisJvm) {
      KEPT_OPEN.add(channel);
      return Verdict.ALIVE;
    } catch (IOException | RuntimeException e) {
      channel.close();
      throw e;
    }
  }

  private static boolean isOld(Path entry) {
    try {
      Instant modified = Files.getLastModifiedTime(entry, LinkOption.NOFOLLOW_LINKS).toInstant();
      return modified.isBefore(Instant.now().minus(MAX_AGE));
    } catch (IOException e) {
      return false;
    }
  }

  /** What a probe found; a gone owner's lock stays held until its work is removed. */
  private static final class Verdict {
    static final Verdict ALIVE = new Verdict(false, null);
    static final Verdict GONE_WITHOUT_LOCK_FILE = new Verdict(true, null);

    final boolean gone;
    private final @Nullable FileChannel held;

    Verdict(boolean gone, @Nullable FileChannel held) {
      this.gone = gone;
      this.held = held;
    }

    /** Removes a gone owner's lock file (its work is removed by now), then lets go of it. */
    void forget(Path lockFile) {
      if (held == null) {
        return;
      }
      try {
        Files.deleteIfExists(lockFile);
      } catch (IOException e) {
        LOG.log(System.Logger.Level.DEBUG, "could not remove " + lockFile, e);
      } finally {
        try {
          held.close();
        } catch (IOException e) {
          // the lock goes with the channel either way
        }
      }
    }
  }
}
