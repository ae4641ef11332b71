package dev.ocipkg.internal.registry.credentials;

import java.util.Objects;

/**
 * A credential for one registry host.
 *
 * <p>{@link Kind#PASSWORD} goes into HTTP Basic auth or the token service's Basic-authenticated
 * GET. {@link Kind#IDENTITY_TOKEN} is an OAuth2 refresh token (Docker's {@code identitytoken}): it
 * is sent only to the token service as {@code grant_type=refresh_token}, never as a password;
 * {@link #username()} is then {@value #TOKEN_USERNAME} by Docker's convention.
 *
 * @param username the user name, or {@value #TOKEN_USERNAME} for an identity token
 * @param secret the password or token; never printed
 * @param kind what {@code secret} is
 * @param source where the credential came from, for messages, e.g. {@code
 *     /home/u/.docker/config.json (auths)}
 */
public record Credential(String username, String secret, Kind kind, String source) {
  /** The user name that marks an identity token, in config files and credential helpers. */
  public static final String TOKEN_USERNAME = "<token>";

  /** What the secret is. */
  public enum Kind {
    PASSWORD,
    IDENTITY_TOKEN
  }

  public Credential {
    Objects.requireNonNull(username, "username");
    Objects.requireNonNull(secret, "secret");
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(source, "source");
  }

  /** A user name and password. */
  public static Credential password(String username, String password, String source) {
    return new Credential(username, password, Kind.PASSWORD, source);
  }

  /** An OAuth2 refresh token; the user name is {@value #TOKEN_USERNAME}. */
  public static Credential identityToken(String token, String source) {
    return new Credential(TOKEN_USERNAME, token, Kind.IDENTITY_TOKEN, source);
  }

  /** The same credential with another source, for messages. */
  Credential withSource(String newSource) {
    return new Credential(username, secret, kind, newSource);
  }

  /** Everything but the secret. */
  @Override
  public String toString() {
    return "Credential[username="
        + username
        + ", secret=****, kind="
        + kind
        + ", source="
        + source
        + "]";
  }
}
