package dev.ocipkg.internal.registry.credentials;

import java.util.Optional;

/** Answers "what credentials do I have for this registry host?" when a registry asks for them. */
public interface CredentialResolver {
  /**
   * The credential for {@code registryHost} ({@code host[:port]}, e.g. {@code ghcr.io} or {@code
   * 127.0.0.1:5000}), or empty to go on anonymously. Never throws for a broken source: such a
   * source is reported and skipped.
   */
  Optional<Credential> find(String registryHost);

  /**
   * The registry refused {@code credential}, which {@link #find} gave for {@code registryHost}: the
   * next {@code find} asks the sources again (a later {@code docker login}, a refreshed helper
   * token) instead of offering the same one. Does nothing by default.
   */
  default void forget(String registryHost, Credential credential) {}

  /** A resolver that has no credentials: every pull is anonymous. */
  static CredentialResolver none() {
    return NoCredentials.INSTANCE;
  }
}
