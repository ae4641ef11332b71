package dev.ocipkg.internal.registry.credentials;

import java.util.Optional;

/**
 * {@link CredentialResolver#none()}. A named class, not a lambda: resolvers may be built on the
 * warm path, where the first lambda of a JVM costs milliseconds.
 */
enum NoCredentials implements CredentialResolver {
  INSTANCE;

  @Override
  public Optional<Credential> find(String registryHost) {
    return Optional.empty();
  }

  @Override
  public String toString() {
    return "CredentialResolver.none()";
  }
}
