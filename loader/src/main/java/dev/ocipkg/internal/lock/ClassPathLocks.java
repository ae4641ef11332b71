package dev.ocipkg.internal.lock;

import java.io.IOException;
import java.net.URL;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.WeakHashMap;
import org.jspecify.annotations.Nullable;

/**
 * The {@code META-INF/ocipkg.lock} resources that a class loader sees, merged: each one read once
 * per class loader (the warm path does not scan the class path on every load), kept while the class
 * loader lives.
 *
 * <p>Two resources that pin one reference to the same digests agree (a jar and a copy of it); two
 * that pin it differently are an error, raised when that reference is loaded, naming both. A
 * malformed resource fails every locked lookup through that class loader: a build shipped it.
 */
public final class ClassPathLocks {
  private static final Map<ClassLoader, ClassPathLocks> BY_LOADER = new WeakHashMap<>();

  private final Map<String, Locked> locked;
  private final Map<String, String> conflicts;
  private final @Nullable LockFileException malformed;

  private ClassPathLocks(
      Map<String, Locked> locked,
      Map<String, String> conflicts,
      @Nullable LockFileException malformed) {
    this.locked = locked;
    this.conflicts = conflicts;
    this.malformed = malformed;
  }

  /** The locks of {@code loader}, read on first use. */
  public static ClassPathLocks of(ClassLoader loader) {
    synchronized (BY_LOADER) {
      ClassPathLocks locks = BY_LOADER.get(loader);
      if (locks == null) {
        locks = read(loader);
        BY_LOADER.put(loader, locks);
      }
      return locks;
    }
  }

  /**
   * What the class path locks {@code key} (a canonical reference) to, or null.
   *
   * @throws LockFileException if a lock resource is malformed, or two disagree about {@code key}
   */
  public @Nullable Locked find(String key) {
    if (malformed != null) {
      throw new LockFileException(malformed.getMessage(), malformed);
    }
    String conflict = conflicts.get(key);
    if (conflict != null) {
      throw new LockFileException(conflict);
    }
    return locked.get(key);
  }

  private static ClassPathLocks read(ClassLoader loader) {
    Map<String, Locked> locked = new HashMap<>();
    Map<String, String> conflicts = new HashMap<>();
    List<URL> urls = new ArrayList<>();
    try {
      Enumeration<URL> found = loader.getResources(LockFile.RESOURCE);
      while (found.hasMoreElements()) {
        urls.add(found.nextElement());
      }
      for (int i = 0; i < urls.size(); i++) {
        LockFile lock = LockFileReader.read(urls.get(i));
        for (LockedImage image : lock.images()) {
          Locked before = locked.get(image.key());
          if (before == null) {
            locked.put(image.key(), new Locked(image, lock.location()));
          } else if (!samePins(before.image(), image) && !conflicts.containsKey(image.key())) {
            conflicts.put(image.key(), disagreement(image, before.location(), lock.location()));
          }
        }
      }
    } catch (LockFileException e) {
      return new ClassPathLocks(Map.of(), Map.of(), e);
    } catch (IOException e) {
      return new ClassPathLocks(
          Map.of(),
          Map.of(),
          new LockFileException(
              "the class path's " + LockFile.RESOURCE + " cannot be listed: " + e.getMessage(), e));
    }
    return new ClassPathLocks(locked, conflicts, null);
  }

  private static boolean samePins(LockedImage a, LockedImage b) {
    return a.digest().equals(b.digest()) && a.manifests().equals(b.manifests());
  }

  private static String disagreement(LockedImage image, String first, String second) {
    return "two lock files on the class path pin "
        + image.key()
        + " differently: "
        + first
        + " and "
        + second
        + "; regenerate the one that is out of date (ocipkg lock), or name one lock file with"
        + " ocipkg.lock.file / OCIPKG_LOCK_FILE, which wins over the class path";
  }
}
