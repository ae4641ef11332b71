package dev.ocipkg.tools;

import dev.ocipkg.Platform;
import dev.ocipkg.internal.config.LoaderConfig;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * The settings that a publishing front end (command line, Maven plugin) lays over the loader's
 * defaults from system properties and the environment: each one given wins, each one left null
 * keeps the default.
 *
 * @param cacheDir the cache folder, or null
 * @param insecureHosts hosts allowed plain http, in addition to {@code ocipkg.insecure}
 * @param caFile a PEM bundle of extra trusted CAs, or null
 */
public record ToolSettings(
    @Nullable Path cacheDir, List<String> insecureHosts, @Nullable Path caFile) {
  public ToolSettings {
    insecureHosts = List.copyOf(insecureHosts);
  }

  /** The defaults alone. */
  public static ToolSettings defaults() {
    return new ToolSettings(null, List.of(), null);
  }

  /**
   * The loader configuration for a front end that asks for a platform ({@code null}: the configured
   * one, else the host's). A front end's tags are checked with the registry each time (TTL zero): a
   * person who asks for a pull wants what the registry has now.
   */
  public LoaderConfig loaderConfig(@Nullable Platform platform) {
    return loaderConfigBuilder(platform).build();
  }

  /** As {@link #loaderConfig}, for a front end that adds settings of its own (credentials). */
  public LoaderConfig.Builder loaderConfigBuilder(@Nullable Platform platform) {
    LoaderConfig.Builder b = LoaderConfig.fromEnvironment();
    if (cacheDir != null) {
      b.cacheDir(cacheDir);
    }
    insecureHosts.forEach(b::insecure);
    if (caFile != null) {
      b.caCertificates(caFile);
    }
    if (platform != null) {
      b.platform(platform);
    }
    return b.tagTtl(Duration.ZERO);
  }
}
