package dev.ocipkg.cli;

import dev.ocipkg.ImageReference;
import dev.ocipkg.Platform;
import dev.ocipkg.tools.transfer.CacheFiller;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
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

  @Option(
      names = "--platform",
      paramLabel = "OS/ARCH[/VARIANT]",
      converter = ArgumentConverters.PlatformConverter.class,
      description = "The platform to fetch (default: this machine's).")
  @Nullable Platform platform;

  @Option(names = "--all-platforms", description = "Fetch every platform of each index.")
  boolean allPlatforms;

  @Override
  void run(Context context) throws Exception {
    if (allPlatforms && platform != null) {
      throw usage("--platform and --all-platforms exclude each other");
    }
    CacheFiller filler =
        new CacheFiller(context.settings(), context.sources(), context.output().progress());
    for (ImageReference reference : references) {
      List<CacheFiller.Filled> filled =
          allPlatforms
              ? filler.fetchAll(reference)
              : List.of(filler.fetch(reference, context.platform(platform)));
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
