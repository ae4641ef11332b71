package dev.ocipkg.internal.lock;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ocipkg.internal.store.ClassPathRecords;
import dev.ocipkg.internal.store.ContentStore;
import java.io.IOException;
import java.io.OutputStream;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Properties;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The class-path scan that spares the JDK's class loader a search of every runtime module: where it
 * says "absent", a {@link URLClassLoader} over the same entries (the JDK's own class-path code,
 * {@code Class-Path} manifests included) finds nothing either; where it cannot be sure, it says so.
 */
class SystemClassPathScanTest {
  private static final String NAME = LockFile.RESOURCE;

  @TempDir Path work;

  @Test
  void foldersAndJarsWithoutTheResourceAreProvedToHoldNone() throws Exception {
    Path classes = Files.createDirectories(work.resolve("classes/META-INF"));
    Files.writeString(classes.resolve("MANIFEST.MF"), "Manifest-Version: 1.0\n");
    Path plain = jar("plain.jar", null, "a/B.class");
    Path pointing = jar("pointing.jar", "plain.jar lib/ other/", "c/D.class");
    Files.createDirectories(work.resolve("lib"));

    assertAgreesAbsent(work.resolve("classes"), plain, pointing, work.resolve("missing.jar"));
  }

  @Test
  void aResourceInAFolderOrAJarIsNotProvedAbsent() throws Exception {
    Path folder = work.resolve("classes");
    Files.createDirectories(folder.resolve("META-INF"));
    Files.writeString(folder.resolve(NAME), "version 1\n");
    Path locking = jar("locking.jar", null, NAME);

    assertFound(folder);
    assertFound(jar("plain.jar", null, "a/B.class"), locking);
  }

  @Test
  void aResourceReachedThroughClassPathManifestsIsNotProvedAbsent() throws Exception {
    Files.createDirectories(work.resolve("lib"));
    jar("lib/locks.jar", null, NAME);
    Path app = jar("app.jar", "lib/middle.jar", "app/Main.class");
    jar("lib/middle.jar", "locks.jar", "m/M.class");
    assertFound(app);

    Path folder = Files.createDirectories(work.resolve("dir/META-INF")).getParent();
    Files.writeString(folder.resolve(NAME), "version 1\n");
    assertFound(jar("to-folder.jar", "dir/", "x/X.class"));
    assertFound(jar("absolute.jar", folder.toAbsolutePath() + "/", "y/Y.class"));
  }

  @Test
  void fileUrlsAndEscapesInClassPathResolveAsTheClassLoaderResolvesThem() throws Exception {
    Path spaced = Files.createDirectories(work.resolve("my lib"));
    Path locks = jar("my lib/locks.jar", null, NAME);
    assertFound(jar("escaped.jar", "my%20lib/locks.jar", "e/E.class"));
    assertFound(jar("file-url.jar", locks.toUri().toString(), "f/F.class"));
    Files.delete(locks);
    jar("my lib/plain.jar", null, "p/P.class");
    assertAgreesAbsent(
        jar("both.jar", "my%20lib/plain.jar " + spaced.toUri() + "plain.jar", "b/B.class"));
  }

  @Test
  void anEmptyElementIsTheWorkingDirectoryAsForTheJdk() {
    boolean inWorkingDirectory = Files.exists(Path.of(NAME));
    assertThat(holdsNo("")).isEqualTo(!inWorkingDirectory);
  }

  @Test
  void aClassPathCycleEnds() throws Exception {
    Path a = jar("a.jar", "b.jar", "a/A.class");
    jar("b.jar", "a.jar ./a.jar", "b/B.class");

    assertAgreesAbsent(a);
  }

  @Test
  void whatItCannotResolveAsTheClassLoaderWouldIsLeftToTheClassLoader() throws Exception {
    Path notAJar = Files.writeString(work.resolve("notes.jar"), "not a zip");

    assertThat(holdsNo(notAJar.toString())).isFalse();
    for (String classPath :
        new String[] {"http://example.com/x.jar", "file://host/x.jar", "x.jar?y", "x.jar#y"}) {
      Path jar = jar("odd.jar", classPath, "o/O.class");
      assertThat(holdsNo(jar.toString())).as(classPath).isFalse();
    }
  }

  @Test
  void onlyTheJdksApplicationClassLoaderIsScanned() throws Exception {
    try (URLClassLoader other = new URLClassLoader(new URL[0], null)) {
      assertThat(SystemClassPathScan.provesAbsent(other, NAME, null)).isFalse();
    }
    // This JVM's class path (surefire's) holds no lock file: the scan proves it, as the JDK does.
    ClassLoader system = ClassLoader.getSystemClassLoader();
    assertThat(system.getResources(NAME).hasMoreElements()).isFalse();
    assertThat(SystemClassPathScan.provesAbsent(system, NAME, null)).isTrue();
  }

  @Test
  void aRecordedScanIsTakenWhileWhatItVisitedIsUnchanged() throws Exception {
    ClassPathRecords records =
        new ClassPathRecords(
            new ContentStore(Files.createDirectories(work.resolve("cache"))), true);
    Files.createDirectories(work.resolve("lib"));
    Path app = jar("app.jar", "lib/locks.jar", "app/Main.class");
    String[] entries = {app.toString()};
    assertThat(SystemClassPathScan.classPathHoldsNo("key", entries, NAME, records)).isTrue();
    List<Path> written;
    try (var files = Files.list(work.resolve("cache/classpath"))) {
      written = files.toList();
    }
    assertThat(written).hasSize(1);
    Path record = written.get(0);
    assertThat(Files.readString(record)).contains(app.toString(), "locks.jar", "missing");

    // What the record names as missing appears: the record is stale, the scan finds the lock.
    jar("lib/locks.jar", null, NAME);
    assertThat(SystemClassPathScan.classPathHoldsNo("key", entries, NAME, records)).isFalse();

    // A record whose files are as they were is taken without opening the jars: proved by one
    // that says a jar holding the lock holds none (a cache is trusted as its tag records are).
    Files.delete(work.resolve("lib/locks.jar"));
    assertThat(SystemClassPathScan.classPathHoldsNo("key", entries, NAME, records)).isTrue();
    String recorded = Files.readString(record);
    Path locking = jar("app.jar", "lib/locks.jar", NAME);
    Properties stamped = new Properties();
    assertThat(
            SystemClassPathScan.classPathHoldsNo(new String[] {locking.toString()}, "x", stamped))
        .isTrue();
    String stamp = stamped.getProperty("seen.0");
    String forged = recorded.replaceFirst("seen\\.0=[^\\n]*", "seen.0=" + stamp);
    assertThat(forged).isNotEqualTo(recorded);
    Files.writeString(record, forged);
    assertThat(SystemClassPathScan.classPathHoldsNo("key", entries, NAME, records)).isTrue();
    // The jar changed since the record was written: scanned again, the lock found.
    Files.writeString(record, recorded);
    assertThat(SystemClassPathScan.classPathHoldsNo("key", entries, NAME, records)).isFalse();
  }

  @Test
  void recordsThatDoNotWriteWriteNothing() throws Exception {
    ContentStore store = new ContentStore(Files.createDirectories(work.resolve("cache")));
    String[] entries = {jar("plain.jar", null, "p/P.class").toString()};
    assertThat(
            SystemClassPathScan.classPathHoldsNo(
                "key", entries, NAME, new ClassPathRecords(store, false)))
        .isTrue();
    assertThat(work.resolve("cache")).isEmptyDirectory();
  }

  @Test
  void aClassPathOfFoldersOnlyIsNotRecorded() throws Exception {
    ClassPathRecords records =
        new ClassPathRecords(
            new ContentStore(Files.createDirectories(work.resolve("cache"))), true);
    Files.createDirectories(work.resolve("classes"));
    String[] entries = {work.resolve("classes").toString()};
    assertThat(SystemClassPathScan.classPathHoldsNo("key", entries, NAME, records)).isTrue();
    assertThat(work.resolve("cache/classpath")).doesNotExist();
  }

  private static boolean holdsNo(String... entries) {
    return SystemClassPathScan.classPathHoldsNo(entries, NAME, new Properties());
  }

  /** The scan proves {@code entries} hold none, and the JDK's class-path code finds none there. */
  private static void assertAgreesAbsent(Path... entries) throws IOException {
    assertThat(holdsNo(strings(entries))).isTrue();
    assertThat(jdkFinds(entries)).isFalse();
  }

  /** The JDK's class-path code finds the resource, and the scan does not prove it absent. */
  private static void assertFound(Path... entries) throws IOException {
    assertThat(jdkFinds(entries)).isTrue();
    assertThat(holdsNo(strings(entries))).isFalse();
  }

  private static boolean jdkFinds(Path... entries) throws IOException {
    URL[] urls = new URL[entries.length];
    for (int i = 0; i < entries.length; i++) {
      urls[i] = entries[i].toUri().toURL();
    }
    try (URLClassLoader loader = new URLClassLoader(urls, null)) {
      return loader.findResources(NAME).hasMoreElements();
    }
  }

  private static String[] strings(Path... entries) {
    String[] strings = new String[entries.length];
    for (int i = 0; i < entries.length; i++) {
      strings[i] = entries[i].toString();
    }
    return strings;
  }

  /** A jar at {@code name} in the work folder with the given entries and Class-Path attribute. */
  private Path jar(String name, @Nullable String classPath, String... entries) throws IOException {
    Manifest manifest = new Manifest();
    manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
    if (classPath != null) {
      manifest.getMainAttributes().put(Attributes.Name.CLASS_PATH, classPath);
    }
    Path jar = work.resolve(name);
    try (OutputStream out = Files.newOutputStream(jar);
        JarOutputStream stream = new JarOutputStream(out, manifest)) {
      for (String entry : entries) {
        stream.putNextEntry(new JarEntry(entry));
        stream.write(entry.getBytes(StandardCharsets.UTF_8));
        stream.closeEntry();
      }
    }
    return jar;
  }
}
