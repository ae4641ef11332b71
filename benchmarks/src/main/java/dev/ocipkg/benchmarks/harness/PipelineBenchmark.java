package dev.ocipkg.benchmarks.harness;

import dev.ocipkg.benchmarks.fixture.LayerCompression;
import dev.ocipkg.benchmarks.fixture.WrittenBlob;
import dev.ocipkg.benchmarks.report.ResultRow;
import dev.ocipkg.benchmarks.report.Section;
import dev.ocipkg.benchmarks.report.Spread;
import dev.ocipkg.benchmarks.report.Verdict;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * Issue item 6, the pipeline: JMH's {@code LayerPipelineBenchmark} (verify + decompress + untar in
 * one pass: a reader thread verifies and decompresses while the calling thread writes) against
 * {@code sha256sum FILE} followed by {@code tar -xzf FILE} (or {@code --zstd}) on the same layer
 * file, timed as processes.
 */
final class PipelineBenchmark {
  private static final int ROUNDS = 5;

  private final Bench bench;
  private final Path gzipFile;
  private final Path zstdFile;

  /**
   * Links the two layers as {@code layer.tar.gz} and {@code layer.tar.zst}, the names by which the
   * JMH benchmark tells their media types (blobs have none).
   */
  PipelineBenchmark(Bench bench) throws IOException {
    this.bench = bench;
    Path directory = Files.createDirectories(bench.workFile("pipeline"));
    this.gzipFile = link(directory, gzipLayer(), LayerCompression.GZIP);
    this.zstdFile = link(directory, bench.fixtures.zstdLayer(), LayerCompression.ZSTD);
  }

  /** The layer files that the JMH pipeline benchmark should read. */
  List<Path> layerFiles() {
    List<Path> files = new ArrayList<>(List.of(gzipFile));
    if (PullCommands.onPath("zstd") != null) {
      files.add(zstdFile);
    }
    return files;
  }

  private static Path link(Path directory, WrittenBlob blob, LayerCompression compression)
      throws IOException {
    Path link = directory.resolve("layer" + compression.fileSuffix());
    Files.deleteIfExists(link);
    return Files.createLink(link, blob.file());
  }

  /**
   * @param jmh the pipeline scores, or null where JMH did not run
   */
  Section run(@Nullable List<JmhSuite.Score> jmh) throws IOException {
    List<ResultRow> rows = new ArrayList<>();
    StringBuilder details = new StringBuilder();
    details.append("One layer file of the cold-pull artifact, read from the page cache and");
    details.append(" extracted into a fresh folder each time. ocipkg: `VerifyingInputStream`");
    details.append(" (size, SHA-256) feeding `LayerExtractor` (decompression by media type, tar");
    details.append(" parsing, path and link checks, file writes), then the digest checked: one");
    details.append(" pass, the layer read, hashed and decompressed on a thread of its own while");
    details.append(
        " the calling thread parses the tar and writes the files, as in a pull; no copy");
    details.append(" of the blob written (the pull also writes that).");
    details.append(
        " Tools: `sha256sum FILE`, then `tar -xzf FILE -C DIR` (tar runs `gzip -d` in a");
    details.append(" second process, so it can use both cores). The ratio's range divides the");
    details.append(" extremes (ocipkg min over tools max, ocipkg max over tools min).\n\n");
    details.append(DetailTable.HEADER);
    rows.add(compare("6c", "gzip", gzipLayer(), gzipFile, "-xzf", jmh, details));
    if (PullCommands.onPath("zstd") != null) {
      WrittenBlob zstd = bench.fixtures.zstdLayer();
      rows.add(compare("6d", "zstd", zstd, zstdFile, "--zstd -xf", jmh, details));
    }
    return new Section("6. Verify + decompress + untar pipeline", rows, details.toString());
  }

  private WrittenBlob gzipLayer() {
    return bench.fixtures.multiLayer().layers().get(0);
  }

  private ResultRow compare(
      String id,
      String compression,
      WrittenBlob layer,
      Path file,
      String tarFlags,
      @Nullable List<JmhSuite.Score> jmh,
      StringBuilder details)
      throws IOException {
    Samples tools = new Samples();
    int rounds = bench.options.rounds(ROUNDS);
    for (int round = 1; round <= rounds; round++) {
      Path target = Files.createDirectories(bench.freshDirectory("tar-" + compression));
      try {
        bench.processes.settle();
        ProcessResult sha = bench.processes.run(List.of("sha256sum", file.toString())).checked();
        if (!sha.stdout().startsWith(layer.hex())) {
          throw new IllegalStateException("sha256sum disagrees with the fixture: " + sha.stdout());
        }
        List<String> tar = new ArrayList<>(List.of("tar"));
        tar.addAll(List.of(tarFlags.split(" ")));
        tar.addAll(List.of(file.toString(), "-C", target.toString()));
        ProcessResult extracted = bench.processes.run(tar).checked();
        tools.add(sha.wallMillis() + extracted.wallMillis());
        bench.samples.add(
            "pipeline",
            compression + "-sha256sum+tar",
            round,
            sha.wallMillis() + extracted.wallMillis(),
            "ms");
      } finally {
        Bench.delete(target);
      }
    }
    String measure = "Verify + " + compression + " + untar, " + Units.mib(layer.size()) + " layer";
    String toolRate = Units.rate(Units.mibPerSecond(layer.size(), tools.median() * 1e6));
    details.append(
        DetailTable.row(
            "`sha256sum` + `tar " + tarFlags + "`, " + compression + " (ms)", tools, 0));
    Optional<JmhSuite.Score> score = scoreFor(jmh, file);
    if (score.isEmpty()) {
      return new ResultRow(
          id,
          measure,
          "JMH not run",
          toolRate + " (sha256sum + tar)",
          null,
          "—",
          Double.NaN,
          Verdict.NO_TARGET);
    }
    Spread ocipkg = score.get().spread();
    details
        .append("| ocipkg pipeline, ")
        .append(compression)
        .append(" (ms) | ")
        .append(Units.fixed(ocipkg.median(), 0))
        .append(" | ")
        .append(Units.fixed(ocipkg.min(), 0))
        .append(" | ")
        .append(Units.fixed(ocipkg.max(), 0))
        .append(" |\n");
    Spread ratio =
        new Spread(
            ocipkg.median() / tools.median(),
            ocipkg.min() / tools.max(),
            ocipkg.max() / tools.min(),
            Math.min(ocipkg.n(), tools.size()));
    return new ResultRow(
        id,
        measure,
        Units.rate(Units.mibPerSecond(layer.size(), ocipkg.median() * 1e6))
            + " (JMH, reader + writer thread)",
        toolRate + " (sha256sum + tar)",
        ratio,
        "— (reported)",
        Double.NaN,
        Verdict.NO_TARGET);
  }

  private static Optional<JmhSuite.Score> scoreFor(
      @Nullable List<JmhSuite.Score> jmh, Path layerFile) {
    if (jmh == null) {
      return Optional.empty();
    }
    return jmh.stream()
        .filter(s -> layerFile.toString().equals(s.params().get("layerFile")))
        .findFirst();
  }
}
