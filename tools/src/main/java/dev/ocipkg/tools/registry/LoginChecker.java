package dev.ocipkg.tools.registry;

import dev.ocipkg.internal.http.Request;
import dev.ocipkg.internal.http.Response;
import dev.ocipkg.internal.registry.RegistryCaller;
import java.io.IOException;
import java.util.List;

/**
 * {@code GET /v2/} with the credentials the caller holds for a host: whether the registry accepts
 * them, as {@code docker login} checks before it stores anything. A bearer-token registry is asked
 * for a token without a repository scope, so the check needs no repository and changes nothing.
 */
final class LoginChecker {
  private final RegistryCaller caller;

  LoginChecker(RegistryCaller caller) {
    this.caller = caller;
  }

  /** Returns if {@code host} answers {@code /v2/} with 2xx; else throws its answer. */
  void check(String host) throws IOException {
    Request get =
        caller.documentRequest(new Request.Builder().url(caller.apiBase(host)).get().build());
    try (Response response = caller.execute(host, List.of(), get)) {
      if (!response.isSuccessful()) {
        throw caller.failure(host, "the registry " + host + " did not accept the login", response);
      }
    }
  }
}
