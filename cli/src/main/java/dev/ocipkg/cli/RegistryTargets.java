package dev.ocipkg.cli;

import dev.ocipkg.ImageReference;

/** Parses a reference argument that must name a registry repository. */
final class RegistryTargets {
  private RegistryTargets() {}

  static ImageReference parse(Subcommand command, String text) {
    ImageReference reference;
    try {
      reference = ImageReference.parse(text);
    } catch (IllegalArgumentException e) {
      throw command.usage(e.getMessage());
    }
    if (reference.kind() != ImageReference.Kind.REGISTRY) {
      throw command.usage("\"" + text + "\" is not a registry reference (HOST/REPOSITORY:TAG)");
    }
    return reference;
  }
}
