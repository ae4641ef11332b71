package dev.ocipkg.internal.registry;

import dev.ocipkg.internal.http.Response;
import dev.ocipkg.internal.io.ForeignText;
import dev.ocipkg.internal.registry.credentials.Credential;
import dev.ocipkg.internal.registry.credentials.CredentialResolver;
import java.time.Duration;

/**
 * Says what a non-success response means: the status, the OCI error code and message from its body
 * (read bounded, and escaped: it is the server's text), and for 401/403 where the credentials came
 * from.
 */
final class RegistryFailures {
  private final CredentialResolver credentials;
  private final Duration bodyPatience;

  RegistryFailures(CredentialResolver credentials, Duration bodyPatience) {
    this.credentials = credentials;
    this.bodyPatience = bodyPatience;
  }

  RegistryException failure(String host, String what, Response response) {
    String body = ErrorBodies.read(response, bodyPatience);
    String code = OciErrors.firstCode(body);
    String detail = OciErrors.firstMessage(body);
    StringBuilder message = new StringBuilder(what).append(": HTTP ").append(response.code());
    if (code != null) {
      message.append(' ').append(ForeignText.escape(code, 64));
    }
    if (detail != null) {
      message.append(" (").append(ForeignText.escape(detail)).append(')');
    }
    if (response.code() == 401 || response.code() == 403) {
      message.append("; ").append(describeCredentials(host));
    }
    return new RegistryException(message.toString(), host, response.code(), code);
  }

  /** Where the credentials for {@code host} come from, for error messages. */
  String describeCredentials(String host) {
    Credential c = credentials.find(host).orElse(null);
    return c == null
        ? "no credentials were found for " + host + " (configuration, Docker or podman files)"
        : "credentials of " + c.username() + " from " + c.source();
  }
}
