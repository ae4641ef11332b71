package dev.ocipkg.testing;

import java.util.Locale;

/**
 * How a {@link RegistryServer} is configured: its authentication, whether it speaks TLS, and
 * whether it is a pull-through mirror of another registry. The modes compose, e.g. basic auth over
 * TLS.
 */
public record RegistryMode(RegistryMode.Auth auth, boolean tls, boolean mirror) {

  /** The authentication a registry demands. */
  public enum Auth {
    /** No authentication. */
    ANONYMOUS,
    /** {@code auth.htpasswd}: HTTP Basic with a bcrypt htpasswd file. */
    BASIC,
    /** {@code auth.token}: bearer JWTs from a {@link TokenService}. */
    TOKEN
  }

  /** E.g. {@code anonymous}, {@code basic+tls}, {@code mirror}. */
  @Override
  public String toString() {
    String text =
        mirror && auth == Auth.ANONYMOUS ? "mirror" : auth.name().toLowerCase(Locale.ROOT);
    if (mirror && auth != Auth.ANONYMOUS) {
      text += "+mirror";
    }
    return tls ? text + "+tls" : text;
  }
}
