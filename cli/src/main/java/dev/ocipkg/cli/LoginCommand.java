package dev.ocipkg.cli;

import dev.ocipkg.internal.config.LoaderConfig;
import dev.ocipkg.internal.registry.RegistryException;
import dev.ocipkg.internal.registry.credentials.DockerConfigFile;
import dev.ocipkg.tools.registry.RegistryClient;
import java.io.Console;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code ocipkg login}: credentials into Docker's {@code config.json}. */
@Command(
    name = "login",
    description = {
      "Check credentials against a registry, then store them for ocipkg, docker and skopeo.",
      "The check is a GET /v2/, through the registry's token service where it has one, as",
      "docker login does; they go into Docker's config.json",
      "($DOCKER_CONFIG/config.json, else ~/.docker/config.json), where ocipkg, docker, skopeo",
      "and podman find them. Credentials the registry refuses are not stored. A registry that",
      "lets anyone in does not look at them, so they are stored unchecked there."
    })
final class LoginCommand extends Subcommand {
  @Parameters(paramLabel = "HOST[:PORT]", description = "The registry, e.g. ghcr.io.")
  String host;

  @Option(
      names = {"-u", "--username"},
      required = true,
      description = "The user name.")
  String username;

  @Option(
      names = "--password-stdin",
      description = "Read the password (or token) from standard input.")
  boolean passwordStdin;

  @Option(
      names = {"-p", "--password"},
      description = "The password (visible to other users in the process list: prefer stdin).")
  @Nullable String password;

  @Option(
      names = "--no-check",
      description = "Store the credentials without asking the registry (e.g. while it is offline).")
  boolean noCheck;

  @Override
  void run(Context context) throws Exception {
    String registry = RegistryHostArgument.normalise(this, host);
    String secret = secret();
    if (!noCheck) {
      LoaderConfig checking =
          context
              .settings()
              .loaderConfigBuilder(null)
              .credentials(registry, username, secret, "the command line")
              .build();
      try {
        new RegistryClient(checking).checkLogin(registry);
      } catch (RegistryException e) {
        throw new LoginRefusedException(
            e,
            e.status() == 401 || e.status() == 403
                ? "check the user name and the password or token; --no-check stores credentials"
                    + " without asking the registry"
                : "is "
                    + registry
                    + " an OCI registry? Its /v2/ answered HTTP "
                    + e.status()
                    + "; --no-check stores credentials without asking it");
      }
    }
    LoaderConfig settings = LoaderConfig.fromEnvironment().build();
    Path config = DockerConfigFile.location(settings::variable, settings.home());
    DockerConfigFile.store(config, registry, username, secret);
    context.output().result("credentials for " + registry + " stored in " + config);
  }

  private String secret() throws IOException {
    if (passwordStdin && password != null) {
      throw usage("--password and --password-stdin exclude each other");
    }
    if (password != null) {
      return password;
    }
    if (passwordStdin) {
      String text = new String(System.in.readAllBytes(), StandardCharsets.UTF_8);
      String secret = text.replaceAll("[\r\n]+$", "");
      if (secret.isEmpty()) {
        throw usage("standard input held no password");
      }
      return secret;
    }
    Console console = System.console();
    if (console == null) {
      throw usage("no terminal to ask for the password: use --password-stdin");
    }
    char[] typed = console.readPassword("Password for %s@%s: ", username, host);
    if (typed == null || typed.length == 0) {
      throw usage("no password given");
    }
    return new String(typed);
  }
}
