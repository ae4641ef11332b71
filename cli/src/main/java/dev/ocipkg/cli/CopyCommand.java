package dev.ocipkg.cli;

import dev.ocipkg.ImageReference;
import dev.ocipkg.tools.ReferenceChecks;
import dev.ocipkg.tools.transfer.ImageTransfer;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/** {@code ocipkg copy}: one image with all platforms between registries, layouts and archives. */
@Command(
    name = "copy",
    description = {
      "Copy an image with every platform between registries, layouts and archives.",
      "Byte for byte: the digests stay the same."
    })
final class CopyCommand extends Subcommand {
  @Parameters(
      index = "0",
      paramLabel = "SOURCE",
      converter = ArgumentConverters.ReferenceConverter.class,
      description = "HOST/REPOSITORY:TAG, oci:DIR[:TAG], oci-archive:FILE[:TAG], or a path.")
  ImageReference source;

  @Parameters(
      index = "1",
      paramLabel = "TARGET",
      description = "HOST/REPOSITORY[:TAG], oci:DIR[:TAG] or oci-archive:FILE[:TAG].")
  String target;

  @Mixin TransferOptions options;

  @Override
  void run(Context context) throws Exception {
    ImageReference to;
    try {
      to = ArgumentConverters.reference(target);
    } catch (CommandLine.TypeConversionException e) {
      throw usage(e.getMessage());
    }
    if (to.kind() == ImageReference.Kind.REGISTRY
        && !ReferenceChecks.namesTag(target)
        && to.digest() == null) {
      String tag = source.tag() == null ? null : ReferenceChecks.tagOf(source.tag());
      if (tag == null) {
        throw usage("\"" + target + "\" has no tag, and the source names none; add :TAG");
      }
      to = ImageReference.parse(target + ":" + tag);
    }
    ImageTransfer.Result result =
        options.transfer(context).copy(source, to, options.extraTags, options.mountFrom);
    TransferOptions.report(context.output(), to.toString(), result);
  }
}
