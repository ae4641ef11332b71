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

/** {@code ocipkg load}: an oci-archive into the cache (the seed's {@code load}). */
@Command(
    name = "load",
    description = {
      "Load the packages of an oci-archive into the cache.",
      "Verified and extracted, for this machine's platform, --platform, or --all-platforms.",
      "With --as REFERENCE, recorded as that registry reference (by tag and by digest), so"
          + " that an application naming it loads it without the registry."
    })
final class LoadCommand extends Subcommand {
  @Parameters(
      index = "0",
      paramLabel = "ARCHIVE",
      converter = ArgumentConverters.ReferenceConverter.class,
      description = "FILE.tar or oci-archive:FILE[:TAG].")
  ImageReference archive;

  @Option(
      names = "--platform",
      paramLabel = "OS/ARCH[/VARIANT]",
      converter = ArgumentConverters.PlatformConverter.class,
      description = "The platform to load (default: this machine's).")
  @Nullable Platform platform;

  @Option(names = "--all-platforms", description = "Load every platform of the index.")
  boolean allPlatforms;

  @Option(
      names = "--as",
      paramLabel = "REFERENCE",
      converter = ArgumentConverters.ReferenceConverter.class,
      description = "HOST/REPOSITORY:TAG[@DIGEST]: the reference the application names.")
  @Nullable ImageReference as;

  @Override
  void run(Context context) throws Exception {
    if (archive.kind() != ImageReference.Kind.OCI_ARCHIVE) {
      throw usage("\"" + archive + "\" is not an oci-archive file");
    }
    if (allPlatforms && platform != null) {
      throw usage("--platform and --all-platforms exclude each other");
    }
    if (as == null) {
      PullCommand.print(context, PullCommand.pull(context, archive, platform, allPlatforms, null));
      return;
    }
    CacheFiller filler =
        new CacheFiller(context.settings(), context.sources(), context.output().progress());
    List<CacheFiller.Filled> filled = new ArrayList<>();
    if (allPlatforms) {
      for (Platform each : filler.platformsOf(archive)) {
        filled.add(filler.loadAs(archive, as, each));
      }
    } else {
      filled.add(filler.loadAs(archive, as, context.platform(platform)));
    }
    FetchCommand.print(context, filled);
  }
}
