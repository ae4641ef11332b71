package dev.ocipkg.cli;

import dev.ocipkg.tools.transfer.ImageTransfer;
import dev.ocipkg.tools.transfer.PushReport;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Option;

/** The options of {@code push} and {@code copy}, and how their outcome is printed. */
final class TransferOptions {
  @Option(
      names = {"-t", "--tag"},
      paramLabel = "TAG",
      description = "Another tag for the image at a registry target (repeatable).")
  List<String> extraTags = new ArrayList<>();

  @Option(
      names = "--chunk-size",
      paramLabel = "SIZE",
      converter = ArgumentConverters.SizeConverter.class,
      description =
          "Upload blobs in chunks of SIZE (e.g. 8MiB, 512KiB); 0 or absent: one request per blob.")
  long chunkSize;

  @Option(
      names = "--no-signatures",
      description =
          "Leave the image's cosign signatures (the sha256-<hex>.sig tag, sigstore bundle"
              + " referrers) behind; by default they are carried along.")
  boolean noSignatures;

  @Option(
      names = "--mount-from",
      paramLabel = "REPOSITORY",
      description = "A repository of the target registry to mount blobs from.")
  @Nullable String mountFrom;

  static void report(Output output, String target, ImageTransfer.Result result) {
    PushReport push = result.push();
    if (push != null) {
      output.info(
          "pushed "
              + target
              + ": "
              + push.uploaded().size()
              + " blobs uploaded, "
              + push.skipped().size()
              + " already there, "
              + push.mounted().size()
              + " mounted; tags "
              + push.tags()
              + signatures(result));
    } else {
      output.info("copied to " + target + signatures(result));
    }
    output.result(result.root().toString());
  }

  private static String signatures(ImageTransfer.Result result) {
    int n = result.signatures();
    return n == 0 ? "" : "; " + n + (n == 1 ? " signature" : " signatures") + " carried along";
  }

  /** The transfer these options ask for. */
  ImageTransfer transfer(Context context) throws java.io.IOException {
    ImageTransfer transfer =
        new ImageTransfer(context.sources(), chunkSize, context.output().progress());
    return noSignatures ? transfer.withoutSignatures() : transfer;
  }
}
