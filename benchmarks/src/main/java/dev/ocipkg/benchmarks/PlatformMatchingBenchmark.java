package dev.ocipkg.benchmarks;

import dev.ocipkg.Digest;
import dev.ocipkg.Platform;
import dev.ocipkg.internal.oci.Descriptor;
import dev.ocipkg.internal.oci.HostProbe;
import dev.ocipkg.internal.oci.ImageIndex;
import dev.ocipkg.internal.oci.OciJson;
import dev.ocipkg.internal.oci.PlatformMatcher;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Choosing a platform from an image index as library authors publish them: eight entries, three of
 * them linux/amd64 at different CPU levels and C libraries, so that the level and libc rules run.
 * Plus parsing that index from JSON, which a cold pull does first.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class PlatformMatchingBenchmark {
  private static final String MANIFEST = "application/vnd.oci.image.manifest.v1+json";
  private static final String INDEX = "application/vnd.oci.image.index.v1+json";
  private static final String[][] ENTRIES = {
    {"linux/amd64", ""},
    {"linux/amd64/v3", ""},
    {"linux/amd64", "musl"},
    {"linux/arm64", ""},
    {"linux/arm/v7", ""},
    {"linux/riscv64", ""},
    {"darwin/arm64", ""},
    {"windows/amd64", ""},
  };

  private ImageIndex index;
  private byte[] indexJson;
  private PlatformMatcher explicitPlatform;
  private PlatformMatcher glibcV3Host;
  private PlatformMatcher muslHost;

  @Setup
  public void setUp() {
    List<Descriptor> manifests = new ArrayList<>();
    StringBuilder json = new StringBuilder("{\"schemaVersion\":2,\"mediaType\":\"" + INDEX + "\"");
    json.append(",\"manifests\":[");
    for (int i = 0; i < ENTRIES.length; i++) {
      Digest digest =
          Digest.sha256(ENTRIES[i][0].concat(ENTRIES[i][1]).getBytes(StandardCharsets.UTF_8));
      Map<String, String> annotations =
          ENTRIES[i][1].isEmpty() ? Map.of() : Map.of("dev.ocipkg.libc", ENTRIES[i][1]);
      Platform platform = Platform.parse(ENTRIES[i][0]);
      manifests.add(new Descriptor(MANIFEST, digest, 1234, platform, annotations, null, List.of()));
      json.append(i == 0 ? "" : ",").append(descriptorJson(digest, platform, ENTRIES[i][1]));
    }
    json.append("]}");
    index = new ImageIndex(INDEX, manifests, Map.of(), null);
    indexJson = json.toString().getBytes(StandardCharsets.UTF_8);
    explicitPlatform = PlatformMatcher.forPlatform(Platform.parse("linux/amd64"));
    glibcV3Host = PlatformMatcher.forHost(Platform.parse("linux/amd64"), new FixedHost(3, false));
    muslHost = PlatformMatcher.forHost(Platform.parse("linux/amd64"), new FixedHost(2, true));
  }

  @Benchmark
  public Descriptor chooseExplicitPlatform() {
    return explicitPlatform.choose(index);
  }

  @Benchmark
  public Descriptor chooseForGlibcV3Host() {
    return glibcV3Host.choose(index);
  }

  @Benchmark
  public Descriptor chooseForMuslHost() {
    return muslHost.choose(index);
  }

  @Benchmark
  public ImageIndex parseIndexJson() throws Exception {
    return OciJson.parseIndex(indexJson, "benchmark index");
  }

  private static String descriptorJson(Digest digest, Platform platform, String libc) {
    StringBuilder json = new StringBuilder();
    json.append("{\"mediaType\":\"").append(MANIFEST).append("\",\"digest\":\"").append(digest);
    json.append("\",\"size\":1234,\"platform\":{\"os\":\"").append(platform.os());
    json.append("\",\"architecture\":\"").append(platform.architecture()).append('"');
    if (platform.variant() != null) {
      json.append(",\"variant\":\"").append(platform.variant()).append('"');
    }
    json.append('}');
    if (!libc.isEmpty()) {
      json.append(",\"annotations\":{\"dev.ocipkg.libc\":\"").append(libc).append("\"}");
    }
    return json.append('}').toString();
  }

  /** A host whose CPU level and C library are fixed, so that no /proc file is read. */
  private static final class FixedHost implements HostProbe {
    private final int amd64Level;
    private final boolean musl;

    FixedHost(int amd64Level, boolean musl) {
      this.amd64Level = amd64Level;
      this.musl = musl;
    }

    @Override
    public int amd64Level() {
      return amd64Level;
    }

    @Override
    public int armVersion() {
      return 7;
    }

    @Override
    public boolean musl() {
      return musl;
    }
  }
}
