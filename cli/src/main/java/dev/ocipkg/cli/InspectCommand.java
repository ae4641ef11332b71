package dev.ocipkg.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ocipkg.ImageReference;
import dev.ocipkg.tools.inspect.ImageDescription;
import dev.ocipkg.tools.inspect.ImageInspector;
import dev.ocipkg.tools.inspect.SignatureListing;
import java.io.IOException;
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

  /** The signatures as a JSON array; a failure to look them up as {@code signaturesError}. */
  private void putSignatures(Context context, ObjectNode root) {
    try {
      SignatureListing.Found found = new SignatureListing(context.sources()).find(reference);
      ArrayNode list = root.putArray("signatures");
      for (SignatureListing.Listed signature : found.signatures()) {
        ObjectNode node = list.addObject();
        node.put("where", signature.where());
        node.put("form", signature.form());
        node.put("keyless", signature.keyless());
        if (signature.keyHint() != null) {
          node.put("keyHint", signature.keyHint());
        }
        if (signature.problem() != null) {
          node.put("problem", signature.problem());
        }
      }
    } catch (IOException | RuntimeException e) {
      root.put("signaturesError", String.valueOf(e.getMessage()));
    }
  }

  @Override
  void run(Context context) throws Exception {
    ImageDescription description = new ImageInspector(context.sources()).inspect(reference);
    if (json) {
      ObjectNode root = (ObjectNode) new ObjectMapper().readTree(description.toJson());
      putSignatures(context, root);
      context.output().result(root.toPrettyString());
    } else {
      InspectTree.render(description).forEach(context.output()::result);
      signatures(context);
    }
  }
}
