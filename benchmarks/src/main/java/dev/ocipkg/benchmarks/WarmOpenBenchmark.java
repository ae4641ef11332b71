package dev.ocipkg.benchmarks;

import dev.ocipkg.NativeLoader;
import dev.ocipkg.NativePackage;
import dev.ocipkg.testing.LayerFiles;
import dev.ocipkg.testing.OciLayoutWriter;
import dev.ocipkg.testing.RegistryServer;
import dev.ocipkg.testing.Skopeo;
import dev.ocipkg.testing.WrittenLayout;
import dev.ocipkg.testlibs.NativeTestLibs;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * {@code NativeLoader.open(ref)} on a warm cache: what every load after the first costs inside a
 * running JVM. The setup pushes the real demo library to a real local registry with skopeo and
 * loads it once; the tear-down fails the run if any measured call reached the registry.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class WarmOpenBenchmark {
  /**
   * {@code registry-digest}: {@code host/repo@sha256:…}; {@code registry-tag}: {@code
   * host/repo:1.0} within its TTL; {@code layout-tag}: {@code oci:DIR:1.0} (its index.json is
   * stat-ed to see that it has not changed); {@code layout-digest}: {@code oci:DIR@sha256:…}.
   */
  @Param({"registry-digest", "registry-tag", "layout-tag", "layout-digest"})
  public String reference;

  private Path work;
  private RegistryServer registry;
  private NativeLoader loader;
  private String text;

  @Setup
  public void setUp() throws IOException {
    work = Files.createTempDirectory("ocipkg-warm-open");
    WrittenLayout layout =
        OciLayoutWriter.create()
            .tag("1.0")
            .platform(
                NativeTestLibs.platform(),
                LayerFiles.builder()
                    .executable("libocipkg_demo.so", Files.readAllBytes(NativeTestLibs.demo()))
                    .build())
            .write(work.resolve("layout"));
    registry = RegistryServer.builder().start();
    Skopeo.locate().copyAll(layout.directory(), "1.0", registry, "bench/demo:1.0");
    switch (reference) {
      case "registry-digest":
        text = registry.reference("bench/demo@" + layout.indexDigest());
        break;
      case "registry-tag":
        text = registry.reference("bench/demo:1.0");
        break;
      case "layout-tag":
        text = "oci:" + layout.directory() + ":1.0";
        break;
      case "layout-digest":
        text = "oci:" + layout.directory() + "@" + layout.indexDigest();
        break;
      default:
        throw new IllegalArgumentException("unknown reference kind \"" + reference + "\"");
    }
    loader = NativeLoader.builder().cacheDir(work.resolve("cache")).build();
    loader.open(text); // the cold load; what follows is warm
    registry.accessLog().clear();
  }

  @Benchmark
  public NativePackage open() {
    return loader.open(text);
  }

  @TearDown
  public void tearDown() throws IOException {
    try {
      int requests = registry.accessLog().entries().size();
      if (requests != 0) {
        throw new IllegalStateException(
            "the warm path reached the registry "
                + requests
                + " times:\n"
                + registry.accessLog().describe());
      }
    } finally {
      registry.close();
      try (Stream<Path> walk = Files.walk(work)) {
        for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
          Files.delete(p);
        }
      }
    }
  }
}
