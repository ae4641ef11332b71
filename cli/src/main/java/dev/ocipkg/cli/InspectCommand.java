package dev.ocipkg.cli;

import dev.ocipkg.ImageReference;
import dev.ocipkg.tools.inspect.ImageDescription;
import dev.ocipkg.tools.inspect.ImageInspector;
import dev.ocipkg.tools.inspect.SignatureListing;
import java.io.IOException;
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

  /** What signs it; a failure to look is said, and does not fail the inspection. */
  private void signatures(Context context) {
    context.output().result("signatures:");
    try {
      for (String line : new SignatureListing(context.sources()).list(reference)) {
        context.output().result("  " + TerminalText.escape(line));
      }
    } catch (IOException | RuntimeException e) {
      context
          .output()
          .result("  cannot look them up: " + TerminalText.escape(String.valueOf(e.getMessage())));
    }
  }

  @Override
  void run(Context context) throws Exception {
    ImageDescription description = new ImageInspector(context.sources()).inspect(reference);
    if (json) {
      context.output().result(new String(description.toJson(), StandardCharsets.UTF_8));
    } else {
      InspectTree.render(description).forEach(context.output()::result);
      signatures(context);
    }
  }
}
