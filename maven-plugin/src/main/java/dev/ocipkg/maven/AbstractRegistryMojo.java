package dev.ocipkg.maven;

import dev.ocipkg.internal.config.LoaderConfig;
import dev.ocipkg.tools.ToolSettings;
import dev.ocipkg.tools.transfer.ImageSources;
import java.io.File;
import java.util.Collection;
import java.util.List;
import org.apache.maven.plugin.AbstractMojo;
import org.apache.maven.plugin.logging.Log;
import org.apache.maven.plugins.annotations.Component;
import org.apache.maven.plugins.annotations.Parameter;
import org.apache.maven.settings.Server;
import org.apache.maven.settings.Settings;
import org.apache.maven.settings.crypto.DefaultSettingsDecryptionRequest;
import org.apache.maven.settings.crypto.SettingsDecrypter;
import org.apache.maven.settings.crypto.SettingsDecryptionResult;

/**
 * What the goals that talk to registries share: transport options, and credentials from {@code
 * settings.xml} servers laid over the Docker credentials chain that the loader reads anyway.
 */
abstract class AbstractRegistryMojo extends AbstractMojo {
  /** Whether plain http is allowed to the registries this goal talks to, e.g. a local one. */
  @Parameter(property = "ocipkg.insecure", defaultValue = "false")
  boolean insecure;

  /** A PEM file of more CA certificates to trust, e.g. a company's own CA. */
  @Parameter(property = "ocipkg.caFile")
  File caFile;

  /**
   * The ocipkg cache folder. By default it is the loader's: {@code ocipkg.cache.dir}, else the
   * user's cache folder.
   */
  @Parameter(property = "ocipkg.cacheDir")
  File cacheDir;

  /**
   * The id of the {@code settings.xml} server whose username and password are used. By default it
   * is the registry's {@code HOST} or {@code HOST:PORT}, e.g. {@code ghcr.io} or {@code
   * 127.0.0.1:5000}.
   */
  @Parameter(property = "ocipkg.serverId")
  String serverId;

  /** Skip this goal. */
  @Parameter(property = "ocipkg.skip", defaultValue = "false")
  boolean skip;

  @Parameter(defaultValue = "${settings}", readonly = true)
  Settings settings;

  // @Component over JSR-330 @Inject: a missing component fails the goal instead of leaving null.
  @SuppressWarnings("deprecation")
  @Component
  SettingsDecrypter decrypter;

  /** Sources for the given registry hosts: the loader's defaults plus this goal's options. */
  ImageSources sources(Collection<String> hosts) {
    LoaderConfig.Builder config =
        new ToolSettings(
                cacheDir == null ? null : cacheDir.toPath(),
                insecure ? List.copyOf(hosts) : List.of(),
                caFile == null ? null : caFile.toPath())
            .loaderConfigBuilder(null); // tags checked with the registry each time (TTL zero)
    for (String host : hosts) {
      Server server = server(host);
      if (server != null && server.getUsername() != null) {
        getLog()
            .info("Using credentials of settings.xml server '" + server.getId() + "' for " + host);
        config.credentials(
            host, server.getUsername(), server.getPassword() == null ? "" : server.getPassword());
      }
    }
    return new ImageSources(config.build());
  }

  private Server server(String host) {
    if (settings == null) {
      return null;
    }
    Server server = settings.getServer(serverId != null ? serverId : host);
    if (server == null || decrypter == null) {
      return server;
    }
    SettingsDecryptionResult result =
        decrypter.decrypt(new DefaultSettingsDecryptionRequest(server));
    Log log = getLog();
    result.getProblems().forEach(p -> log.warn("settings.xml server " + server.getId() + ": " + p));
    return result.getServer() != null ? result.getServer() : server;
  }
}
