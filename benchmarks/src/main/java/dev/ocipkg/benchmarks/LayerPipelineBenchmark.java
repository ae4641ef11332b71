package dev.ocipkg.benchmarks;

import dev.ocipkg.Digest;
import dev.ocipkg.benchmarks.fixture.LayerCompression;
import dev.ocipkg.benchmarks.fixture.LayerSpec;
import dev.ocipkg.benchmarks.fixture.LayerWriter;
import dev.ocipkg.benchmarks.fixture.WrittenBlob;
import dev.ocipkg.internal.layer.ExtractionLimits;
import dev.ocipkg.internal.layer.LayerExtractor;
import dev.ocipkg.internal.source.VerifyingInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Comparator;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
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
 * The pull's inner loop without the network: a layer file read through a {@link
 * VerifyingInputStream} (size and SHA-256) into the {@link LayerExtractor} (decompress, parse the
 * tar, check and write each entry), then the digest checked. One operation is one whole layer; the
 * harness compares it with {@code sha256sum} plus {@code tar xzf} on the same file.
 *
 * <p>{@code layerFile} names a {@code .tar.gz} or {@code .tar.zst} layer; empty writes a 64 MiB (8
 * x 15.25 MiB of files) gzip layer of library-like files first, so that the benchmark runs on its
 * own too.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 2)
@Measurement(iterations = 5)
@Fork(1)
public class LayerPipelineBenchmark {
  @Param({""})
  public String layerFile;

  private Path work;
  private Path layer;
  private String mediaType;
  private Digest digest;
  private long size;
  private Path target;

  @Setup(Level.Trial)
  public void setUp() throws IOException {
    work = Files.createTempDirectory("ocipkg-pipeline");
    if (layerFile.isEmpty()) {
      WrittenBlob written =
          LayerWriter.write(
              LayerSpec.libraryLike("pipeline", 8, 15_990_784, 1000), work.resolve("blobs"));
      layer = written.file();
      mediaType = written.mediaType();
    } else {
      layer = Path.of(layerFile);
      mediaType =
          layerFile.endsWith(LayerCompression.ZSTD.fileSuffix())
              ? LayerCompression.ZSTD.mediaType()
              : LayerCompression.GZIP.mediaType();
    }
    size = Files.size(layer);
    digest = sha256Of(layer);
  }

  @Setup(Level.Invocation)
  public void newTarget() throws IOException {
    target = Files.createDirectories(work.resolve("package"));
  }

  @Benchmark
  public long verifyDecompressUntar() throws IOException {
    try (InputStream file = Files.newInputStream(layer);
        VerifyingInputStream verified =
            new VerifyingInputStream(file, digest, size, null, "benchmark layer")) {
      new LayerExtractor(ExtractionLimits.defaults())
          .extract(verified, mediaType, Map.of(), target, "benchmark layer");
      verified.drainAndVerify();
    }
    return size;
  }

  @TearDown(Level.Invocation)
  public void deleteTarget() throws IOException {
    delete(target);
  }

  @TearDown(Level.Trial)
  public void tearDown() throws IOException {
    delete(work);
  }

  private static Digest sha256Of(Path file) throws IOException {
    try (InputStream in = Files.newInputStream(file)) {
      MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
      byte[] buffer = new byte[1 << 20];
      for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
        sha256.update(buffer, 0, n);
      }
      return Digest.of("sha256", sha256.digest());
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JDK has SHA-256", e);
    }
  }

  static void delete(Path directory) throws IOException {
    try (Stream<Path> walk = Files.walk(directory)) {
      for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    }
  }
}
