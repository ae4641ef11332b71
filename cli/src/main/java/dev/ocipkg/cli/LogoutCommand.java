package dev.ocipkg.cli;

import dev.ocipkg.internal.config.LoaderConfig;
import dev.ocipkg.internal.registry.credentials.DockerConfigFile;
import java.nio.file.Path;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code ocipkg logout}: a registry's credentials out of Docker's {@code config.json}. */
@Command(
    name = "logout",
    description = "Remove the stored credentials of a registry from Docker's config.json.")
final class LogoutCommand extends Subcommand {
  @Parameters(paramLabel = "HOST[:PORT]", description = "The registry, e.g. ghcr.io.")
  String host;

  @Override
  void run(Context context) throws Exception {
    String registry = RegistryHostArgument.normalise(this, host);
    LoaderConfig settings = LoaderConfig.fromEnvironment().build();
    Path config = DockerConfigFile.location(settings::variable, settings.home());
    if (DockerConfigFile.remove(config, registry)) {
      context.output().result("removed the credentials for " + registry + " from " + config);
    } else {
      context.output().result("no credentials for " + registry + " in " + config);
    }
  }
}
