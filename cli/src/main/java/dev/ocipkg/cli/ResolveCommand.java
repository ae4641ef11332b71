package dev.ocipkg.cli;

import dev.ocipkg.ImageReference;
import dev.ocipkg.internal.source.ContentSource;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code ocipkg resolve}: a reference to the digest of what it names, now. */
@Command(
    name = "resolve",
    description = "Print the digest that a reference names now (index or manifest).")
final class ResolveCommand extends Subcommand {
  @Parameters(
      paramLabel = "REFERENCE",
      converter = ArgumentConverters.ReferenceConverter.class,
      description = "HOST/REPOSITORY:TAG, oci:DIR[:TAG], oci-archive:FILE[:TAG], or a path.")
  ImageReference reference;

  @Override
  void run(Context context) throws Exception {
    try (ContentSource source = context.sources().open(reference)) {
      context
          .output()
          .result(source.fetchManifest(reference.tag(), reference.digest()).digest().toString());
    }
  }
}
