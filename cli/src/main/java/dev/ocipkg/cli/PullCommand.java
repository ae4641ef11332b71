package dev.ocipkg.cli;

import dev.ocipkg.ImageReference;
import dev.ocipkg.tools.transfer.FolderPuller;
import java.nio.file.Path;
import java.util.List;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/** {@code ocipkg pull}: a reference's package for one or every platform, into a folder. */
@Command(
    name = "pull",
    description = {
      "Fetch the package of a reference into the cache, and copy it into FOLDER.",
      "Verified, for this machine's platform, for --platform, or for --all-platforms (one",
      "subfolder each)."
    })
final class PullCommand extends Subcommand {
  @Parameters(
      index = "0",
      paramLabel = "REFERENCE",
      converter = ArgumentConverters.ReferenceConverter.class,
      description = "HOST/REPOSITORY:TAG[@DIGEST], oci:DIR[:TAG], oci-archive:FILE[:TAG].")
  ImageReference reference;

  @Parameters(
      index = "1",
      arity = "0..1",
      paramLabel = "FOLDER",
      description = "Where to copy the files (new or empty); without it, the cache only.")
  @Nullable Path folder;

  @Mixin PlatformOptions platforms;

  @Override
  void run(Context context) throws Exception {
    platforms.check(this);
    print(context, pull(context, reference, platforms, folder));
  }

  static List<FolderPuller.Pulled> pull(
      Context context, ImageReference reference, PlatformOptions platforms, @Nullable Path folder)
      throws Exception {
    FolderPuller puller =
        new FolderPuller(context.settings(), context.sources(), context.output().progress());
    return platforms.all
        ? puller.pullAll(reference, folder)
        : List.of(puller.pull(reference, platforms.one(context), folder));
  }

  static void print(Context context, List<FolderPuller.Pulled> pulled) {
    for (FolderPuller.Pulled p : pulled) {
      Path where = p.folder() != null ? p.folder() : p.pkg().directory();
      context.output().result(String.format("%-20s %s  %s", p.label(), p.pkg().digest(), where));
    }
  }
}
