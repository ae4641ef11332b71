package dev.ocipkg.agent;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ocipkg.testing.Fault;
import dev.ocipkg.testing.FaultProxy;
import dev.ocipkg.testing.LayerFiles;
import dev.ocipkg.testing.OciLayoutWriter;
import dev.ocipkg.testing.RegistryServer;
import dev.ocipkg.testing.Skopeo;
import dev.ocipkg.testing.WrittenLayout;
import dev.ocipkg.testlibs.NativeTestLibs;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The agent in forked JVMs, against a real registry: an application whose class has only native
 * methods and {@code @NativeImage} runs with {@code -javaagent} and no other code.
 */
class AgentIT {
  @TempDir static Path work;
  static RegistryServer registry;
  static Path appJar;

  @BeforeAll
  static void publishAndBuild() throws Exception {
    registry = RegistryServer.builder().start();
    Path files = Files.createDirectories(work.resolve("files"));
    NativeTestLibs.copyPackageTo(files);
    WrittenLayout layout =
        OciLayoutWriter.create()
            .tag("1")
            .platform("linux/amd64", LayerFiles.fromDirectory(files))
            .platform(
                "linux/arm64", LayerFiles.builder().file("libocipkg_jni_demo.so", "arm").build())
            .write(work.resolve("layout"));
    Skopeo.locate().copyAll(layout.directory(), "1", registry, "acme/jni:1");
    appJar =
        TestApplication.build(
            work,
            System.getProperty("java.class.path") + File.pathSeparator + applicationLibraries());
  }

  @AfterAll
  static void stop() {
    registry.close();
  }

  @Test
  void anAnnotatedClassWithOnlyNativeMethodsRunsWithTheAgent() throws Exception {
    Result run =
        run(
            cache("plain"),
            registry.host(),
            List.of("--enable-native-access=ALL-UNNAMED"),
            "-jar",
            appJar.toString(),
            "call");
    assertThat(run.exitCode).as(run.output).isZero();
    assertThat(run.output).contains("JNI 5 " + NativeTestLibs.JNI_DEMO_VERSION);
  }

  @Test
  void theSameClassInTwoIsolatedClassLoadersWorksInBoth() throws Exception {
    Result run =
        run(
            cache("two"),
            registry.host(),
            List.of("--enable-native-access=ALL-UNNAMED"),
            "-jar",
            appJar.toString(),
            "two-loaders");
    assertThat(run.exitCode).as(run.output).isZero();
    assertThat(run.output).contains("loader 1 JNI 41 true", "loader 2 JNI 42 true");
    assertThat(run.output).doesNotContain("already loaded in another classloader");
  }

  /** The application's own libraries (OkHttp 4, its Okio and Kotlin), on a class path. */
  private static String applicationLibraries() throws IOException {
    try (Stream<Path> libs = Files.list(Path.of(System.getProperty("ocipkg.it.app.libs")))) {
      return libs.map(Path::toString).sorted().collect(Collectors.joining(File.pathSeparator));
    }
  }

  @Test
  void anApplicationWithItsOwnOkHttpIsUnaffected() throws Exception {
    String classPath = appJar + File.pathSeparator + applicationLibraries();
    Result run =
        run(
            cache("okhttp"),
            registry.host(),
            List.of("--enable-native-access=ALL-UNNAMED"),
            "-cp",
            classPath,
            "app.Main",
            "okhttp");
    assertThat(run.exitCode).as(run.output).isZero();
    assertThat(run.output).contains("own OkHttp 4.12.0", "JNI 5");
  }

  @Test
  void withAWarmCacheAndTheRegistryDownTheApplicationRuns() throws Exception {
    Path cache = cache("offline");
    try (RegistryServer temporary = RegistryServer.builder().start()) {
      Path layoutDir = work.resolve("layout");
      Skopeo.locate().copyAll(layoutDir, "1", temporary, "acme/jni:1");
      Result warm = run(cache, temporary.host(), List.of(), "-jar", appJar.toString(), "call");
      assertThat(warm.exitCode).as(warm.output).isZero();
      temporary.stop();
      Result offline = run(cache, temporary.host(), List.of(), "-jar", appJar.toString(), "call");
      assertThat(offline.exitCode).as(offline.output).isZero();
      assertThat(offline.output).contains("JNI 5");
    }
  }

  @Test
  void aWarmStartMakesNoSystemLogger() throws Exception {
    // The first System.Logger of a JVM looks its backend up on the class path: tens of
    // milliseconds that an application which logs nothing must not pay for the agent.
    Path cache = cache("quiet");
    Result warm = run(cache, registry.host(), List.of(), "-jar", appJar.toString(), "call");
    assertThat(warm.exitCode).as(warm.output).isZero();
    Result again =
        run(
            cache,
            registry.host(),
            List.of("-Xlog:class+load=info:stdout"),
            "-jar",
            appJar.toString(),
            "wait"); // 5 s: the prefetch of the jar's Ocipkg-Images is long done
    assertThat(again.exitCode).as(again.output).isZero();
    assertThat(again.output).contains("main done", "dev.ocipkg.agent.Prefetcher$Fetch");
    assertThat(again.output).doesNotContain("jdk.internal.logger.LoggerFinderLoader ");
  }

  @Test
  void premainReturnsBeforeASlowRegistryAnswers() throws Exception {
    try (FaultProxy slow = FaultProxy.inFrontOf(registry)) {
      slow.rule(Fault.stall(Duration.ofSeconds(60)).on("*", ".*").always());
      long started = System.nanoTime();
      Result run =
          run(cache("slow"), slow.host(), List.of(), "-jar", appJar.toString(), "wait", "12");
      long elapsedMillis = (System.nanoTime() - started) / 1_000_000;
      assertThat(run.exitCode).as(run.output).isZero();
      assertThat(run.output).contains("main done");
      int mainStartedMillis =
          Integer.parseInt(run.output.replaceAll("(?s).*main started after (\\d+) ms.*", "$1"));
      assertThat(mainStartedMillis)
          .as("main ran without waiting for the registry")
          .isLessThan(5000);
      assertThat(elapsedMillis)
          .as("the JVM did not wait for the stalled registry (60 s)")
          .isLessThan(40_000);
      // The application waits 12 s: the loopback TLS probe alone gives up on a silent server after
      // 2 s, and a loaded machine's background thread may take seconds to load the HTTP client.
      assertThat(slow.requests()).as("the agent did start fetching in the background").isNotEmpty();
    }
  }

  @Test
  void withoutNativeAccessJdk25WarnsAndWithItDoesNot() throws Exception {
    Path cache = cache("access");
    Result without = run(cache, registry.host(), List.of(), "-jar", appJar.toString(), "call");
    assertThat(without.exitCode).as(without.output).isZero();
    assertThat(without.output).contains("JNI 5");
    if (Runtime.version().feature() >= 24) {
      assertThat(without.output).contains("WARNING: A restricted method");
    }
    Result with =
        run(
            cache,
            registry.host(),
            List.of("--enable-native-access=ALL-UNNAMED"),
            "-jar",
            appJar.toString(),
            "call");
    assertThat(with.output).contains("JNI 5").doesNotContain("WARNING: A restricted method");
  }

  @Test
  void aLibraryThatCannotBeLoadedFailsTheClassWithTheClearError() throws Exception {
    Result run = run(cache("missing"), "127.0.0.1:9", List.of(), "-jar", appJar.toString(), "call");
    assertThat(run.exitCode).isNotZero();
    assertThat(run.output)
        .contains("ExceptionInInitializerError")
        .contains("dev.ocipkg.NativeLoadException")
        .contains(TestApplication.REFERENCE);
  }

  private static Path cache(String name) throws Exception {
    return Files.createDirectories(work.resolve("cache-" + name));
  }

  private record Result(int exitCode, String output) {}

  private static Result run(Path cache, String mirror, List<String> jvmOptions, String... command)
      throws Exception {
    List<String> cmd = new ArrayList<>();
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    cmd.add("-javaagent:" + System.getProperty("ocipkg.agent.jar"));
    cmd.add("-Docipkg.cache.dir=" + cache);
    cmd.add("-Docipkg.mirrors=registry.ocipkg.test=" + mirror);
    cmd.add("-Docipkg.retries=0");
    cmd.add("-Docipkg.connect.timeout=PT2S");
    cmd.addAll(jvmOptions);
    cmd.addAll(List.of(command));
    Path output = Files.createTempFile(work, "run", ".log");
    Process p =
        new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(output.toFile()).start();
    if (!p.waitFor(120, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new AssertionError("the application did not finish: " + Files.readString(output));
    }
    return new Result(p.exitValue(), Files.readString(output));
  }
}
