package dev.ocipkg.cli;

import dev.ocipkg.ImageReference;
import dev.ocipkg.tools.ReferenceChecks;
import dev.ocipkg.tools.layout.ArtifactFormat;
import dev.ocipkg.tools.transfer.ImageTransfer;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code ocipkg push}: an OCI layout or oci-archive to a registry, every platform. */
@Command(
    name = "push",
    description = {
      "Push the image of an OCI layout or oci-archive, every platform, to a registry.",
      "Blobs the repository has are skipped; the index goes last."
    })
final class PushCommand extends Subcommand {
  @Parameters(
      index = "0",
      paramLabel = "SOURCE",
      description = "A layout folder or archive file, or oci:DIR[:NAME], oci-archive:FILE[:NAME].")
  String sourceText;

  @Parameters(index = "1", paramLabel = "TARGET", description = "HOST/REPOSITORY:TAG")
  String target;

  @Mixin TransferOptions options;

  @Option(
      names = "--format",
      paramLabel = "FORMAT",
      converter = ArgumentConverters.FormatConverter.class,
      description = {
        "manifest: push the one platform manifest of the image alone, no index, for readers",
        "such as the Rust ocipkg; index: require an index. Default: the image as it is."
      })
  @Nullable ArtifactFormat format;

  /** SOURCE as a layout or archive; anything else is a usage error that says what is missing. */
  private ImageReference localSource() {
    boolean spelledLocal = sourceText.startsWith("oci:") || sourceText.startsWith("oci-archive:");
    if (!spelledLocal && !java.nio.file.Files.exists(java.nio.file.Path.of(sourceText))) {
      throw usage(
          "no such file or folder: "
              + sourceText
              + " (push reads an OCI layout folder or an oci-archive file; to copy from a"
              + " registry, use 'ocipkg copy')");
    }
    try {
      return ArgumentConverters.reference(sourceText);
    } catch (picocli.CommandLine.TypeConversionException e) {
      throw usage(e.getMessage());
    }
  }

  @Override
  void run(Context context) throws Exception {
    ImageReference source = localSource();
    ImageReference to = RegistryTargets.parse(this, target);
    if (!ReferenceChecks.namesTag(target) && to.digest() == null) {
      throw usage(
          "\""
              + target
              + "\" has no tag; push needs one, e.g. "
              + to.registry()
              + "/"
              + to.repository()
              + ":1.0");
    }
    ImageTransfer.Result result =
        options.transfer(context).copy(source, to, options.extraTags, options.mountFrom, format);
    TransferOptions.report(context.output(), to.toString(), result);
  }
}
