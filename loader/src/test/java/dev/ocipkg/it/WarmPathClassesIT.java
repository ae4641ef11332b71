package dev.ocipkg.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ocipkg.testing.RegistryServer;
import dev.ocipkg.testing.WrittenLayout;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The warm path — a package already cached, its record fresh — must cost close to nothing at JVM
 * start: a fresh JVM that opens a cached package loads none of the HTTP client (the JDK's or ours),
 * the JSON parser, the caches, the registry or trust code, and no logger. The benchmarks measure
 * the time; this guards what makes it. One cold test rides along: a first pull from a registry that
 * logs nothing sets up no logging back end either.
 */
@Tag("java17")
class WarmPathClassesIT {
  private static final List<String> FORBIDDEN =
      List.of(
          "dev.ocipkg.internal.http.",
          "sun.net.www.protocol.http.",
          "java.net.http.",
          "com.fasterxml.",
          "com.github.benmanes.",
          "org.apache.commons.compress.",
          "com.github.luben.",
          "dev.ocipkg.internal.registry.",
          "dev.ocipkg.internal.trust.",
          "dev.ocipkg.internal.layer.",
          "dev.ocipkg.tools.",
          "dev.ocipkg.internal.jfr.",
          "jdk.jfr.",
          "jdk.internal.logger.",
          "java.util.logging.");

  /**
   * Classes that a load with no listener, no lock and no setting to parse never uses, and once
   * loaded anyway: the listener's interface and enums, the clocks (a digest-pinned or local load
   * checks no TTL), the settings' parser, the locks (only a registry tag can be locked), the
   * download reports, the dependency preloader (only a library that fails to link needs it), the
   * exceptions of a tampered or unsafe cache, of the store's writes and of the JCA lookup.
   */
  private static final List<String> UNUSED =
      List.of(
          "dev.ocipkg.LoadListener",
          "dev.ocipkg.internal.io.TimeSource",
          "dev.ocipkg.internal.io.SystemTime",
          "dev.ocipkg.internal.io.TransferListener",
          "dev.ocipkg.internal.config.LoaderConfig$Setting",
          "dev.ocipkg.internal.lock.",
          "dev.ocipkg.internal.link.DependencyPreloader",
          "dev.ocipkg.internal.store.TamperedStoreException",
          "dev.ocipkg.internal.store.UnsafeCacheException",
          "java.nio.file.FileAlreadyExistsException",
          "java.nio.file.AtomicMoveNotSupportedException",
          "java.security.NoSuchAlgorithmException");

  @Test
  void aWarmOpenLoadsNoneOfTheColdPathsClasses(@TempDir Path work) throws Exception {
    WrittenLayout layout = DemoArtifact.writeLayout(work);
    String reference = "oci:" + layout.directory() + ":" + DemoArtifact.TAG;
    Path cache = work.resolve("cache");
    run(work.resolve("cold.log"), List.of(), cache, reference);
    Path classes = work.resolve("classes.log");

    run(work.resolve("warm.log"), List.of("-Xlog:class+load:file=" + classes), cache, reference);

    List<String> loaded = assertNoColdPathClasses(classes);
    assertThat(loaded)
        .filteredOn(name -> UNUSED.stream().anyMatch(name::startsWith))
        .as("classes a warm open of a local tag has no use for")
        .isEmpty();
  }

  /**
   * A digest-pinned warm load linked through JNA: besides none of the cold path's classes, none of
   * those it has no use for, the dependency preloader among them (the library links at once).
   */
  @Test
  void aDigestPinnedWarmJnaLoadLoadsNoClassItHasNoUseFor(@TempDir Path work) throws Exception {
    WrittenLayout layout = DemoArtifact.writeLayout(work);
    String reference = "oci:" + layout.directory() + "@" + layout.indexDigest();
    Path cache = work.resolve("cache");
    run(LoadMain.class, work.resolve("cold.log"), List.of(), cache, reference);
    Path classes = work.resolve("classes.log");

    run(
        LoadMain.class,
        work.resolve("warm.log"),
        List.of("-Xlog:class+load:file=" + classes),
        cache,
        reference);

    // JNA's own classes log through java.util.logging: only the logging classes are let through.
    List<String> loaded =
        loadedClasses(classes).stream()
            .filter(name -> !name.startsWith("java.util.logging."))
            .filter(name -> !name.startsWith("jdk.internal.logger."))
            .collect(Collectors.toList());
    assertNoColdPathClasses(loaded);
    assertThat(loaded).contains("dev.ocipkg.internal.link.JnaLinker");
    assertThat(loaded)
        .filteredOn(name -> UNUSED.stream().anyMatch(name::startsWith))
        .as("classes a digest-pinned warm JNA load has no use for")
        .isEmpty();
  }

  /**
   * A tag pinned by a lock file, its package cached: the lock file is read by hand-written code, so
   * the warm open still loads nothing of the cold path, with the registry stopped.
   */
  @Test
  void aLockedWarmOpenReadsTheLockWithNoneOfTheColdPathsClasses(@TempDir Path work)
      throws Exception {
    Path cache = work.resolve("cache");
    Path lock = work.resolve("ocipkg.lock");
    Path classes = work.resolve("classes.log");
    try (RegistryServer registry = RegistryServer.builder().start()) {
      WrittenLayout layout = DemoArtifact.push(registry, "acme/warm-locked", work);
      String reference = registry.reference("acme/warm-locked:" + DemoArtifact.TAG);
      DemoArtifact.writeLock(layout, reference, lock);
      List<String> locked = List.of("-Docipkg.lock.file=" + lock);
      run(work.resolve("cold.log"), locked, cache, reference);
      registry.stop();

      List<String> options = new ArrayList<>(locked);
      options.add("-Xlog:class+load:file=" + classes);
      run(work.resolve("warm.log"), options, cache, reference);
    }

    assertThat(assertNoColdPathClasses(classes))
        .contains("dev.ocipkg.internal.lock.LockFileReader")
        .doesNotContain(
            "dev.ocipkg.LoadListener",
            "dev.ocipkg.internal.io.TimeSource",
            "dev.ocipkg.internal.config.LoaderConfig$Setting");
  }

  /**
   * A cold pull from a registry that asks for no credentials logs nothing, so it must not set up
   * java.util.logging: {@code System.getLogger} from a class outside the JDK does that at once
   * (25-30 ms of a fresh JVM), and the loader's classes keep loggers in static fields. Nor must a
   * pull from a registry with token auth, which looks up credentials (and finds none: a DEBUG
   * message nobody asked for) and keeps its token (once in a Caffeine cache, whose classes made
   * their loggers in static fields).
   */
  @Test
  void aColdPullThatLogsNothingSetsUpNoJavaUtilLogging(@TempDir Path work) throws Exception {
    List<String> loaded;
    try (RegistryServer registry = RegistryServer.builder().start()) {
      loaded = classesOfAColdPull(registry, "acme/cold-quiet", work);
    }

    assertThat(loaded)
        .contains("dev.ocipkg.internal.FetchCoordinator", "dev.ocipkg.internal.http.HttpExchanges")
        .filteredOn(name -> name.startsWith("java.util.logging."))
        .as("java.util.logging classes loaded by a cold pull that logged nothing")
        .isEmpty();
  }

  @Test
  void aColdPullThroughATokenServiceSetsUpNoJavaUtilLoggingEither(@TempDir Path work)
      throws Exception {
    List<String> loaded;
    try (RegistryServer registry =
        RegistryServer.builder().tokenAuth().anonymousPull(true).start()) {
      loaded = classesOfAColdPull(registry, "acme/cold-token", work);
    }

    assertThat(loaded)
        .contains(
            "dev.ocipkg.internal.registry.BearerTokens", "dev.ocipkg.internal.io.ExpiringCache")
        .filteredOn(name -> name.startsWith("java.util.logging."))
        .as("java.util.logging classes loaded by a cold pull through a token service")
        .isEmpty();
  }

  /** The classes a run logged loading, none of them of the cold path. */
  private static List<String> assertNoColdPathClasses(Path classes) throws Exception {
    return assertNoColdPathClasses(loadedClasses(classes));
  }

  /** The classes a run logged loading, in order. */
  private static List<String> loadedClasses(Path classes) throws Exception {
    return Files.readAllLines(classes).stream()
        .map(line -> line.replaceFirst("^\\[[^]]*\\]\\[info\\]\\[class,load\\] ", ""))
        .map(line -> line.split(" ", 2)[0])
        .collect(Collectors.toList());
  }

  /** {@code loaded}, asserted to hold none of the cold path's classes. */
  private static List<String> assertNoColdPathClasses(List<String> loaded) {
    assertThat(loaded).contains("dev.ocipkg.NativeLoader", "dev.ocipkg.internal.PackageLookup");
    assertThat(loaded)
        .filteredOn(name -> FORBIDDEN.stream().anyMatch(name::startsWith))
        .as("classes of the cold path loaded by a warm open")
        .isEmpty();
    return loaded;
  }

  private static void run(Path output, List<String> jvmOptions, Path cache, String reference)
      throws Exception {
    run(WarmOpenMain.class, output, jvmOptions, cache, reference);
  }

  /** Runs {@code main} (WarmOpenMain or LoadMain: cache, reference) in a JVM of its own. */
  private static void run(
      Class<?> main, Path output, List<String> jvmOptions, Path cache, String reference)
      throws Exception {
    Process p =
        JavaProcesses.start(
            output, Map.of(), jvmOptions, main.getName(), cache.toString(), reference);
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).as(Files.readString(output)).isZero();
    assertThat(Files.readString(output)).containsAnyOf("library ", "loaded ");
  }

  /** The classes a fresh JVM loads pulling the demo, pushed to {@code repository}, cold. */
  private static List<String> classesOfAColdPull(
      RegistryServer registry, String repository, Path work) throws Exception {
    Path classes = work.resolve("classes.log");
    DemoArtifact.push(registry, repository, work);
    run(
        work.resolve("cold.log"),
        List.of("-Xlog:class+load:file=" + classes),
        work.resolve("cache"),
        registry.reference(repository + ":" + DemoArtifact.TAG));
    return loadedClasses(classes);
  }
}
