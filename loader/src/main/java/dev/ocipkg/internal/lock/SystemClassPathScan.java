package dev.ocipkg.internal.lock;

import dev.ocipkg.internal.store.ClassPathRecords;
import java.io.File;
import java.io.IOException;
import java.lang.module.ModuleReader;
import java.lang.module.ModuleReference;
import java.lang.module.ResolvedModule;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayDeque;
import java.util.HashSet;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.jar.Attributes;
import java.util.jar.JarFile;
import java.util.jar.Manifest;
import org.jspecify.annotations.Nullable;

/**
 * Proves that the JDK's application class loader sees no copy of a resource, without {@link
 * ClassLoader#getResources}: for a name outside any package, such as {@code META-INF/ocipkg.lock},
 * that call first asks every module of the runtime image (some 70 lookups in the image, and the
 * reflection that sets them up: 5 to 15 ms in a fresh JVM), although no JDK module holds such a
 * file. This looks where the resource can be: the modules of the boot layer that are not the JDK's,
 * the boot class path's appended part, and the class path, jar by jar, following each jar's {@code
 * Class-Path} manifest attribute as the class loader does.
 *
 * <p>It answers only "certainly absent"; on anything it does not fully understand — another class
 * loader, a custom system class loader, an appended boot class path, a malformed class path
 * element, a {@code Class-Path} URL that is not a plain local file, a file it cannot read as a jar
 * — it answers false, and the caller asks the class loader. An empty element is the working
 * directory, as for the JDK. It reads {@code java.class.path} as it is now: an application that
 * changes that property after start misleads it (the JDK keeps the path it started with), as it
 * misleads every tool that reports the class path.
 */
final class SystemClassPathScan {
  /** A class path that reaches more jars than this is left to the class loader. */
  private static final int MAX_ENTRIES = 10_000;

  private static final String APP_CLASS_LOADER = "jdk.internal.loader.ClassLoaders$AppClassLoader";

  /** A record's keys: the path visited, and what was there. */
  private static final String PATH = "path.";

  private static final String SEEN = "seen.";

  /**
   * The states of a path: a jar (followed by its size, times and inode), a folder with the name.
   */
  private static final String JAR = "jar ";

  private static final String HOLDER = "holder";

  /** A FIFO, device or socket on the class path: left to the class loader, never opened here. */
  private static final String OTHER = "other";

  /** The state of a file whose size, times and inode the file system does not give. */
  private static final String UNSTAMPED = "unstamped";

  private SystemClassPathScan() {}

  /**
   * True only if {@code loader} is the JDK's application class loader and sees no {@code name}.
   *
   * @param records where a class path found to hold none is recorded, with the state of what the
   *     scan visited, and looked up first: with a record whose files are as they were (one {@code
   *     stat} each), no jar is opened; null for none
   */
  static boolean provesAbsent(ClassLoader loader, String name, @Nullable ClassPathRecords records) {
    if (loader != ClassLoader.getSystemClassLoader()
        || !loader.getClass().getName().equals(APP_CLASS_LOADER)) {
      return false;
    }
    String appended = System.getProperty("jdk.boot.class.path.append");
    if (appended != null && !appended.isEmpty()) {
      return false;
    }
    String classPath = System.getProperty("java.class.path");
    if (classPath == null || !bootLayerHoldsNo(name)) {
      return false;
    }
    // Relative elements are relative to the working directory: it is part of the key.
    String key = name + " " + System.getProperty("user.dir") + " " + classPath;
    return classPathHoldsNo(key, classPath.split(File.pathSeparator, -1), name, records);
  }

  /**
   * Whether the class path {@code entries} hold no {@code name}: as {@link #classPathHoldsNo(
   * String[], String, Properties)}, answered from the record of {@code key} where what it names is
   * as it was, and recorded under that key otherwise.
   */
  static boolean classPathHoldsNo(
      String key, String[] entries, String name, @Nullable ClassPathRecords records) {
    if (records != null && stillHoldsNo(records.read(key), name)) {
      return true;
    }
    Properties visited = new Properties();
    if (!classPathHoldsNo(entries, name, visited)) {
      return false;
    }
    if (records != null && worthRecording(visited)) {
      try {
        records.write(key, visited);
      } catch (IOException | RuntimeException e) {
        // A cache that cannot be written (read-only, full): the next JVM scans again.
      }
    }
    return true;
  }

  /** Whether a scan opened a jar (a folder costs a {@code stat} anyway), each of them stamped. */
  private static boolean worthRecording(Properties visited) {
    boolean jar = false;
    for (String state : visited.stringPropertyNames()) {
      String value = visited.getProperty(state);
      if (state.startsWith(SEEN) && value.equals(UNSTAMPED)) {
        return false;
      }
      jar |= state.startsWith(SEEN) && value.startsWith(JAR);
    }
    return jar;
  }

  /**
   * Whether what a scan visited is as it was: each jar of the same size, times and inode, each
   * folder still without {@code name}, each missing path still missing. The scan's roots are in the
   * record's key and what it follows is in the jars, so the same state gives the same answer.
   */
  private static boolean stillHoldsNo(@Nullable Properties record, String name) {
    if (record == null) {
      return false;
    }
    for (int i = 0; ; i++) {
      String path = record.getProperty(PATH + i);
      String seen = record.getProperty(SEEN + i);
      if (path == null || seen == null) {
        return i > 0;
      }
      Path p;
      try {
        p = Path.of(path);
      } catch (InvalidPathException e) {
        return false;
      }
      if (!seen.equals(stateOf(p, name))) {
        return false;
      }
    }
  }

  /**
   * What the scan sees at {@code path}, from one {@code stat}: {@code missing} (or unreadable: the
   * class loader skips it too), {@code folder} (without {@code name}), {@code holder} (a folder
   * with it), {@code other} (neither a folder nor a regular file), or {@code jar SIZE MTIME KEY},
   * the key naming the file's device and inode; {@link #UNSTAMPED} for a file the file system gives
   * no key for. A jar rewritten in place keeps its key but not its size and time, unless it is
   * rewritten to the same size and its time set back: a jar that gains a lock file grows.
   */
  private static String stateOf(Path path, String name) {
    BasicFileAttributes a;
    try {
      a = Files.readAttributes(path, BasicFileAttributes.class);
    } catch (IOException e) {
      return "missing";
    }
    if (a.isDirectory()) {
      return Files.exists(path.resolve(name)) ? HOLDER : "folder";
    }
    if (!a.isRegularFile()) {
      return OTHER;
    }
    Object key = a.fileKey();
    if (key == null) {
      return UNSTAMPED;
    }
    return JAR + a.size() + " " + a.lastModifiedTime().to(TimeUnit.NANOSECONDS) + " " + key;
  }

  /**
   * Whether no module of the boot layer holds {@code name}: the JDK's own (named {@code java.*} or
   * {@code jdk.*}, in the runtime image) are skipped, every other one is asked.
   */
  private static boolean bootLayerHoldsNo(String name) {
    for (ResolvedModule module : ModuleLayer.boot().configuration().modules()) {
      ModuleReference reference = module.reference();
      if (isJdkModule(reference)) {
        continue;
      }
      try (ModuleReader reader = reference.open()) {
        if (reader.find(name).isPresent()) {
          return false;
        }
      } catch (IOException | RuntimeException e) {
        return false;
      }
    }
    return true;
  }

  private static boolean isJdkModule(ModuleReference reference) {
    String module = reference.descriptor().name();
    URI location = reference.location().orElse(null);
    return (module.startsWith("java.") || module.startsWith("jdk."))
        && location != null
        && "jrt".equals(location.getScheme());
  }

  /**
   * Whether none of {@code entries} (class path elements, relative to the working directory), nor
   * any jar or folder their jars name in {@code Class-Path}, holds {@code name}. An element that is
   * not there is skipped, as the class loader skips it.
   *
   * @param visited gets the state of each path visited, as {@code path.N} and {@code seen.N}
   */
  static boolean classPathHoldsNo(String[] entries, String name, Properties visited) {
    ArrayDeque<Path> pending = new ArrayDeque<>();
    for (String entry : entries) {
      Path path = pathOf(entry);
      if (path == null) {
        return false;
      }
      pending.add(path);
    }
    Set<Path> seen = new HashSet<>();
    while (!pending.isEmpty()) {
      Path path = pending.poll().toAbsolutePath().normalize();
      if (!seen.add(path)) {
        continue;
      }
      if (seen.size() > MAX_ENTRIES) {
        return false;
      }
      // The state before the jar is read: a jar changed in between is read again next time.
      String state = stateOf(path, name);
      boolean jar = state.startsWith(JAR) || state.equals(UNSTAMPED);
      if (state.equals(HOLDER) || state.equals(OTHER) || jar && !jarHoldsNo(path, name, pending)) {
        return false;
      }
      int n = seen.size() - 1;
      visited.setProperty(PATH + n, path.toString());
      visited.setProperty(SEEN + n, state);
    }
    return true;
  }

  /**
   * Whether the jar at {@code path} does not hold {@code name}; the entries of its {@code
   * Class-Path} are added to {@code pending}. False for a file that cannot be read as a jar, or a
   * {@code Class-Path} this class does not resolve exactly as the class loader would.
   */
  private static boolean jarHoldsNo(Path path, String name, ArrayDeque<Path> pending) {
    // Not verified: a signature changes nothing about which entries the jar has.
    try (JarFile jar = new JarFile(path.toFile(), false)) {
      if (jar.getEntry(name) != null) {
        return false;
      }
      Manifest manifest = jar.getManifest();
      @Nullable String classPath =
          manifest == null
              ? null
              : manifest.getMainAttributes().getValue(Attributes.Name.CLASS_PATH);
      if (classPath == null) {
        return true;
      }
      URI base = path.toUri();
      for (String url : classPath.trim().split("\\s+")) {
        if (url.isEmpty()) {
          continue;
        }
        Path entry = classPathUrl(base, url);
        if (entry == null) {
          return false;
        }
        pending.add(entry);
      }
      return true;
    } catch (IOException | RuntimeException e) {
      return false;
    }
  }

  /**
   * A {@code Class-Path} URL resolved against the jar's URL as the class loader resolves it, or
   * null for one that does not name a local file plainly: another scheme, an authority, a query or
   * a fragment, or a malformed URL.
   */
  private static @Nullable Path classPathUrl(URI jar, String url) {
    try {
      URI resolved = jar.resolve(new URI(url));
      if (!"file".equals(resolved.getScheme())
          || resolved.getRawAuthority() != null
          || resolved.getRawQuery() != null
          || resolved.getRawFragment() != null) {
        return null;
      }
      return Path.of(resolved);
    } catch (URISyntaxException | IllegalArgumentException e) {
      return null;
    }
  }

  /** A class path element as a path; the empty one is the working directory, as for the JDK. */
  private static @Nullable Path pathOf(String entry) {
    try {
      return Path.of(entry);
    } catch (InvalidPathException e) {
      return null;
    }
  }
}
