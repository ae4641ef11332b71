package dev.ocipkg.internal.store;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.HashMap;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * The owner of this copy of ocipkg's work in progress in one store: a random id, and an exclusive
 * lock on {@code locks/owners/<id>.lock}, held until the JVM exits. Temp names carry the id; a
 * cleaner that can take the lock knows the owner is gone. Liveness comes from the lock, which every
 * process sharing the folder sees (other PID namespaces, other hosts on a shared volume), never
 * from a process id, which another namespace cannot see.
 *
 * <p>Taken lazily, on the cold path: the warm path never writes a temp.
 */
final class TempOwner {
  /** Under {@code locks/}. */
  static final String OWNERS = "owners";

  static final String LOCK_SUFFIX = ".lock";

  /** A lock file being set up; see {@link #create}. Judged by age when left behind. */
  static final String CREATING_SUFFIX = ".creating";

  private static final int ID_CHARS = 16;

  /**
   * System properties are shared by every class loader of the JVM: through them another copy of
   * ocipkg here learns that an owner is alive without opening its lock file, which it must not do
   * (closing any channel of a file drops every lock this process holds on it).
   */
  private static final String ALIVE_PROPERTY = "dev.ocipkg.store.owner.";

  private static final Map<Path, TempOwner> BY_ROOT = new HashMap<>();

  private final String id;

  // Held, never read: the lock lives as long as the channel stays open.
  @SuppressWarnings("unused")
  private final FileChannel channel;

  @SuppressWarnings("unused")
  private final FileLock lock;

  private TempOwner(String id, FileChannel channel, FileLock lock) {
    this.id = id;
    this.channel = channel;
    this.lock = lock;
  }

  String id() {
    return id;
  }

  /** This copy's owner for the store at {@code root}, created on first use. */
  static synchronized TempOwner of(Path root, Path ownersDirectory) throws IOException {
    TempOwner owner = BY_ROOT.get(root);
    if (owner == null) {
      owner = create(Files.createDirectories(ownersDirectory));
      BY_ROOT.put(root, owner);
    }
    return owner;
  }

  /** This copy's owner id for the store at {@code root}, or null if it has not written a temp. */
  static synchronized @Nullable String idIfAny(Path root) {
    TempOwner owner = BY_ROOT.get(root);
    return owner == null ? null : owner.id;
  }

  /** Whether {@code id} is an owner of this copy of ocipkg, or of another copy in this JVM. */
  static boolean aliveInThisJvm(String id) {
    return System.getProperty(ALIVE_PROPERTY + id) != null;
  }

  /** Whether {@code name} has the form of an owner id. */
  static boolean isId(String name) {
    if (name.length() != ID_CHARS) {
      return false;
    }
    for (int i = 0; i < name.length(); i++) {
      char c = name.charAt(i);
      if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) {
        return false;
      }
    }
    return true;
  }

  /**
   * Locks a new file under another name, then renames it into place, so that no cleaner ever sees
   * an owner's lock file unlocked while the owner lives.
   */
  private static TempOwner create(Path owners) throws IOException {
    String id = newId();
    Path creating = owners.resolve(id + CREATING_SUFFIX);
    FileChannel channel =
        FileChannel.open(
            creating,
            StandardOpenOption.CREATE_NEW,
            StandardOpenOption.WRITE,
            LinkOption.NOFOLLOW_LINKS);
    try {
      FileLock lock = channel.lock();
      System.setProperty(ALIVE_PROPERTY + id, owners.toString());
      Files.move(creating, owners.resolve(id + LOCK_SUFFIX), StandardCopyOption.ATOMIC_MOVE);
      return new TempOwner(id, channel, lock);
    } catch (IOException | RuntimeException e) {
      System.clearProperty(ALIVE_PROPERTY + id);
      channel.close();
      Files.deleteIfExists(creating);
      throw e;
    }
  }

  private static String newId() {
    String hex = Long.toHexString(RandomLongs.next());
    return "0".repeat(ID_CHARS - hex.length()) + hex;
  }
}
