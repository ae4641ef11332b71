package dev.ocipkg.cli;

import dev.ocipkg.ImageReference;
import dev.ocipkg.Platform;
import dev.ocipkg.tools.transfer.CacheFiller;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
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

  @Mixin PlatformOptions platforms;

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
    platforms.check(this);
    if (as == null) {
      PullCommand.print(context, PullCommand.pull(context, archive, platforms, null));
      return;
    }
    CacheFiller filler =
        new CacheFiller(context.settings(), context.sources(), context.output().progress());
    List<CacheFiller.Filled> filled = new ArrayList<>();
    if (platforms.all) {
      for (Platform each : filler.platformsOf(archive)) {
        filled.add(filler.loadAs(archive, as, each));
      }
    } else {
      filled.add(filler.loadAs(archive, as, platforms.one(context)));
    }
    FetchCommand.print(context, filled);
  }
}
