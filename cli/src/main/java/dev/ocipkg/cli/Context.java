package dev.ocipkg.cli;

import dev.ocipkg.Platform;
import dev.ocipkg.tools.ToolSettings;
import dev.ocipkg.tools.transfer.ImageSources;
import org.jspecify.annotations.Nullable;

/**
 * What a subcommand works with.
 *
 * @param settings the global options over the environment's defaults
 * @param platform the global {@code --platform}, or null
 * @param output where results, messages and progress go
 */
record Context(ToolSettings settings, @Nullable Platform platform, Output output) {
  /** Sources for references, over one registry client. */
  ImageSources sources() {
    return new ImageSources(settings.loaderConfig(platform));
  }

  /** {@code own} if given, else the global platform, else null (the host's). */
  @Nullable Platform platform(@Nullable Platform own) {
    return own != null ? own : platform;
  }
}
