package dev.ocipkg.cli;

import dev.ocipkg.ImageReference;
import dev.ocipkg.Platform;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code ocipkg load}: an oci-archive into the cache (the seed's {@code load}). */
@Command(
    name = "load",
    description = {
      "Load the packages of an oci-archive into the cache.",
      "Verified and extracted, for this machine's platform, --platform, or --all-platforms."
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

  @Override
  void run(Context context) throws Exception {
    if (archive.kind() != ImageReference.Kind.OCI_ARCHIVE) {
      throw usage("\"" + archive + "\" is not an oci-archive file");
    }
    if (allPlatforms && platform != null) {
      throw usage("--platform and --all-platforms exclude each other");
    }
    PullCommand.print(context, PullCommand.pull(context, archive, platform, allPlatforms, null));
  }
}
