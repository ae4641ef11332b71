package dev.ocipkg.benchmarks;

import dev.ocipkg.benchmarks.fixture.LayerCompression;
import dev.ocipkg.benchmarks.fixture.LayerSpec;
import dev.ocipkg.benchmarks.fixture.LayerWriter;
import dev.ocipkg.benchmarks.fixture.WrittenBlob;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.apache.commons.compress.compressors.zstandard.ZstdCompressorInputStream;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * zstd decompression alone, the part of a zstd layer's pipeline where the two decoders differ:
 * zstd-jni (through Commons Compress, what the loader uses; its natives unpack into a temp folder
 * at run time) against aircompressor's pure-Java decoder, on one 64 MiB zstd layer of library-like
 * files. One operation decodes the whole layer into a sink.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3)
@Measurement(iterations = 8)
@Fork(1)
public class ZstdDecoderBenchmark {
  private Path work;
  private Path layer;

  @Setup(Level.Trial)
  public void setUp() throws IOException {
    work = Files.createTempDirectory("ocipkg-zstd");
    WrittenBlob written =
        LayerWriter.write(
            LayerSpec.libraryLike("zstd", 8, 7_995_392, 2000)
                .withCompression(LayerCompression.ZSTD),
            work.resolve("blobs"));
    layer = written.file();
  }

  @Benchmark
  public long zstdJni() throws IOException {
    try (InputStream in = new ZstdCompressorInputStream(Files.newInputStream(layer))) {
      return drain(in);
    }
  }

  @Benchmark
  public long aircompressor() throws IOException {
    try (InputStream in =
        new io.airlift.compress.zstd.ZstdInputStream(Files.newInputStream(layer))) {
      return drain(in);
    }
  }

  @TearDown(Level.Trial)
  public void tearDown() throws IOException {
    LayerPipelineBenchmark.delete(work);
  }

  private static long drain(InputStream in) throws IOException {
    byte[] buffer = new byte[256 * 1024];
    long total = 0;
    for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
      total += n;
    }
    return total;
  }
}
