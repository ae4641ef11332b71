package dev.ocipkg.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ocipkg.internal.lock.LockFile;
import dev.ocipkg.testing.RegistryServer;
import dev.ocipkg.testing.WrittenLayout;
import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A lock file on the class path of a fresh JVM, the system class loader's: in a jar that the
 * application's jar names in its {@code Class-Path} manifest attribute, and in a class-path folder.
 * A locked tag is fetched by its pinned digest, never by tag; without the lock the tag is asked
 * for.
 */
@Tag("java17")
class SystemClassPathLockIT {
  private static final String REPOSITORY = "acme/class-path-lock";

  @TempDir Path work;

  @Test
  void aLockInAJarNamedByAnotherJarsClassPathPinsTheTag() throws Exception {
    try (RegistryServer registry = RegistryServer.builder().start()) {
      WrittenLayout layout = DemoArtifact.push(registry, REPOSITORY, work);
      String reference = registry.reference(REPOSITORY + ":" + DemoArtifact.TAG);
      Path app = jar(work.resolve("app/app.jar"), "lib/locks.jar", null);
      lockJar(layout, reference);

      registry.accessLog().clear();
      load(work.resolve("locked-cache"), reference, work.resolve("locked.log"), app);
      assertThat(tagRequests(registry)).isZero();
      assertThat(registry.accessLog().count("GET", ".*/manifests/" + layout.indexDigest()))
          .isPositive();

      registry.accessLog().clear();
      load(work.resolve("unlocked-cache"), reference, work.resolve("unlocked.log"));
      assertThat(tagRequests(registry)).as("the control, with no lock").isPositive();
    }
  }

  /**
   * A lock jar that appears where the application's jar names it, after JVMs with that class path
   * loaded the tag from the cache (a new deployment), is honoured at once: the class path is read
   * again by each JVM, nothing about it is remembered.
   */
  @Test
  void aLockThatAppearsAfterWarmLoadsIsHonoured() throws Exception {
    try (RegistryServer registry = RegistryServer.builder().start()) {
      WrittenLayout layout = DemoArtifact.push(registry, REPOSITORY, work);
      String reference = registry.reference(REPOSITORY + ":" + DemoArtifact.TAG);
      Path app = jar(work.resolve("app/app.jar"), "lib/locks.jar", null);
      Path cache = work.resolve("cache");
      load(cache, reference, work.resolve("cold.log"), app);
      load(cache, reference, work.resolve("warm.log"), app);

      // The tag's record is fresh: unlocked, the load asks nothing; locked, it asks for the
      // pinned digest, whose record it does not have yet.
      lockJar(layout, reference);
      registry.accessLog().clear();
      load(cache, reference, work.resolve("locked.log"), app);
      assertThat(registry.accessLog().count("GET", ".*/manifests/" + layout.indexDigest()))
          .isPositive();
      assertThat(tagRequests(registry)).isZero();
    }
  }

  @Test
  void aLockInAClassPathFolderPinsTheTag() throws Exception {
    try (RegistryServer registry = RegistryServer.builder().start()) {
      WrittenLayout layout = DemoArtifact.push(registry, REPOSITORY, work);
      String reference = registry.reference(REPOSITORY + ":" + DemoArtifact.TAG);
      Path classes = work.resolve("classes");
      DemoArtifact.writeLock(layout, reference, classes.resolve(LockFile.RESOURCE));

      registry.accessLog().clear();
      load(work.resolve("cache"), reference, work.resolve("locked.log"), classes);
      assertThat(tagRequests(registry)).isZero();
    }
  }

  /** Writes {@code app/lib/locks.jar}, whose lock pins {@code reference} to the layout. */
  private void lockJar(WrittenLayout layout, String reference) throws IOException {
    Path lock = work.resolve("ocipkg.lock");
    DemoArtifact.writeLock(layout, reference, lock);
    Path lib = Files.createDirectories(work.resolve("app/lib"));
    jar(lib.resolve("locks.jar"), null, Files.readAllBytes(lock));
  }

  /** Opens {@code reference} in a fresh JVM with the test class path and {@code extra} after it. */
  private static void load(Path cache, String reference, Path output, Path... extra)
      throws Exception {
    StringBuilder classPath = new StringBuilder(System.getProperty("java.class.path"));
    for (Path entry : extra) {
      classPath.append(File.pathSeparator).append(entry);
    }
    Process p =
        JavaProcesses.start(
            output,
            List.of(),
            classPath.toString(),
            Map.of(),
            List.of(),
            WarmOpenMain.class.getName(),
            cache.toString(),
            reference);
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).as(Files.readString(output)).isZero();
  }

  /** Requests for the tag's manifest, GET or HEAD. */
  private static long tagRequests(RegistryServer registry) {
    return registry.accessLog().count("GET", ".*/manifests/" + DemoArtifact.TAG)
        + registry.accessLog().count("HEAD", ".*/manifests/" + DemoArtifact.TAG);
  }

  /** A jar with a Class-Path attribute (or none) and a lock resource (or none). */
  private static Path jar(Path jar, String classPath, byte[] lock) throws IOException {
    Manifest manifest = new Manifest();
    manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
    if (classPath != null) {
      manifest.getMainAttributes().put(Attributes.Name.CLASS_PATH, classPath);
    }
    Files.createDirectories(jar.getParent());
    try (OutputStream out = Files.newOutputStream(jar);
        JarOutputStream stream = new JarOutputStream(out, manifest)) {
      if (lock != null) {
        stream.putNextEntry(new JarEntry(LockFile.RESOURCE));
        stream.write(lock);
        stream.closeEntry();
      }
    }
    return jar;
  }
}
