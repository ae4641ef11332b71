package dev.ocipkg.cli;

import dev.ocipkg.Platform;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Option;

/** {@code --platform} or {@code --all-platforms}: which platforms fetch, pull and load take. */
final class PlatformOptions {
  @Option(
      names = "--platform",
      paramLabel = "OS/ARCH[/VARIANT]",
      converter = ArgumentConverters.PlatformConverter.class,
      description = "The platform to take (default: this machine's).")
  @Nullable Platform platform;

  @Option(names = "--all-platforms", description = "Take every platform of each index.")
  boolean all;

  /** Refuses both at once, as a usage error of {@code command}. */
  void check(Subcommand command) {
    if (all && platform != null) {
      throw command.usage("--platform and --all-platforms exclude each other");
    }
  }

  /** The one platform asked for: {@code --platform}, else the configured or this machine's. */
  Platform one(Context context) {
    return context.platform(platform);
  }
}
