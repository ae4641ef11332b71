package dev.ocipkg.cli;

import dev.ocipkg.ImageReference;
import dev.ocipkg.tools.transfer.CacheFiller;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/** {@code ocipkg fetch}: a cache prepared for an application's references (image builds). */
@Command(
    name = "fetch",
    description = {
      "Fill the cache for references as an application names them, to load them offline later.",
      "For an image build or an init container: records the tag and the digest spellings, for"
          + " this machine's platform, --platform, or --all-platforms (each also for an"
          + " application that sets no platform, where it has no variant)."
    })
final class FetchCommand extends Subcommand {
  @Parameters(
      arity = "1..*",
      paramLabel = "REFERENCE",
      converter = ArgumentConverters.ReferenceConverter.class,
      description = "HOST/REPOSITORY:TAG[@DIGEST] as the application names it.")
  List<ImageReference> references = new ArrayList<>();

  @Mixin PlatformOptions platforms;

  @Override
  void run(Context context) throws Exception {
    platforms.check(this);
    CacheFiller filler =
        new CacheFiller(context.settings(), context.sources(), context.output().progress());
    for (ImageReference reference : references) {
      List<CacheFiller.Filled> filled =
          platforms.all
              ? filler.fetchAll(reference)
              : List.of(filler.fetch(reference, platforms.one(context)));
      print(context, filled);
    }
  }

  static void print(Context context, List<CacheFiller.Filled> filled) {
    for (CacheFiller.Filled f : filled) {
      String forHost = f.hostRecord() ? "" : "  (only with ocipkg.platform=" + f.label() + ")";
      context
          .output()
          .result(
              String.format(
                  "%-20s %s  %s%s",
                  f.label(), f.pkg().digest(), String.join(" ", f.spellings()), forHost));
    }
  }
}
