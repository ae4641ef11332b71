package dev.ocipkg.cli;

import dev.ocipkg.ImageReference;
import dev.ocipkg.internal.publish.ImageDescription;
import dev.ocipkg.internal.publish.ImageInspector;
import java.nio.charset.StandardCharsets;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code ocipkg inspect}: what a reference holds, as a tree or JSON. */
@Command(
    name = "inspect",
    description = {
      "Show what a reference holds, without downloading its layers.",
      "The index, each platform's manifest, config and layers with their files, sizes, digests",
      "and annotations."
    })
final class InspectCommand extends Subcommand {
  @Parameters(
      paramLabel = "REFERENCE",
      converter = ArgumentConverters.ReferenceConverter.class,
      description = "HOST/REPOSITORY:TAG, oci:DIR[:TAG], oci-archive:FILE[:TAG], or a path.")
  ImageReference reference;

  @Option(names = "--json", description = "Print JSON for scripts.")
  boolean json;

  @Override
  void run(Context context) throws Exception {
    ImageDescription description = new ImageInspector(context.sources()).inspect(reference);
    if (json) {
      context.output().result(new String(description.toJson(), StandardCharsets.UTF_8));
    } else {
      InspectTree.render(description).forEach(context.output()::result);
    }
  }
}
