package dev.ocipkg.internal.registry.credentials;

import java.util.Locale;
import java.util.Set;

/**
 * Matches the keys under which Docker and podman file credentials ({@code ghcr.io}, {@code
 * https://ghcr.io}, {@code https://ghcr.io/v1/}, {@code http://host:5000}, {@code
 * https://index.docker.io/v1/}) against a registry host.
 */
final class RegistryHosts {
  /** The key under which {@code docker login} files Docker Hub, and what helpers are asked. */
  static final String DOCKER_HUB_KEY = "https://index.docker.io/v1/";

  /** Our registry name for Docker Hub. */
  private static final String DOCKER_HUB = "docker.io";

  /** The names of Docker Hub: our registry name, the legacy index and the API host. */
  private static final Set<String> DOCKER_HUB_NAMES =
      Set.of(DOCKER_HUB, "index.docker.io", "registry-1.docker.io");

  private RegistryHosts() {}

  /**
   * {@code host[:port]} in lower case, without scheme or path; every name of Docker Hub becomes
   * {@code docker.io}. The port stays: {@code host:5000} and {@code host} are different registries.
   */
  static String normalise(String key) {
    String s = key.trim();
    int scheme = s.indexOf("://");
    if (scheme >= 0) {
      s = s.substring(scheme + 3);
    }
    int slash = s.indexOf('/');
    if (slash >= 0) {
      s = s.substring(0, slash);
    }
    s = s.toLowerCase(Locale.ROOT);
    return DOCKER_HUB_NAMES.contains(s) ? DOCKER_HUB : s;
  }

  /** Whether a config-file key names the registry {@code host}. */
  static boolean sameRegistry(String key, String host) {
    return normalise(key).equals(normalise(host));
  }

  static boolean isDockerHub(String host) {
    return normalise(host).equals(DOCKER_HUB);
  }

  /**
   * What a credential helper is asked for, and the key that {@code login} writes: Docker Hub's
   * legacy index URL, as Docker does, or else the host as given.
   */
  static String serverUrl(String host) {
    return isDockerHub(host) ? DOCKER_HUB_KEY : host;
  }
}
