package dev.ocipkg.benchmarks;

import dev.ocipkg.Digest;
import dev.ocipkg.ImageReference;
import dev.ocipkg.Platform;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/** The parsers on the load path: each reference passed to the loader goes through these. */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class ValueParsingBenchmark {
  private final String taggedReference = "ghcr.io/acme/libfoo:1.2.0";
  private final String pinnedReference =
      "ghcr.io/acme/libfoo@sha256:e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";
  private final String dockerHubReference = "ubuntu";
  private final String digest =
      "sha256:e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";
  private final String platform = "linux/aarch64";

  @Benchmark
  public ImageReference parseTaggedReference() {
    return ImageReference.parse(taggedReference);
  }

  @Benchmark
  public ImageReference parsePinnedReference() {
    return ImageReference.parse(pinnedReference);
  }

  @Benchmark
  public ImageReference parseDockerHubShortName() {
    return ImageReference.parse(dockerHubReference);
  }

  @Benchmark
  public Digest parseDigest() {
    return Digest.parse(digest);
  }

  @Benchmark
  public Platform parsePlatform() {
    return Platform.parse(platform);
  }
}
