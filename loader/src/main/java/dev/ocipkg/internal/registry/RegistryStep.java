package dev.ocipkg.internal.registry;

import dev.ocipkg.internal.http.Request;
import dev.ocipkg.internal.http.Response;
import java.io.IOException;
import java.util.List;

/**
 * One step of a registry call, in the manner of an HTTP client's interceptors: it does its one job
 * and hands the request on to the next step. {@link RegistryCaller} chains them: {@link Retrying},
 * {@link Authenticating}, {@link SchemeFallback}, {@link Redirects}, {@link Transport}.
 */
interface RegistryStep {
  /**
   * Executes {@code request} for registry {@code host} with the rights of {@code scopes}. The
   * caller closes the response.
   */
  Response proceed(String host, List<String> scopes, Request request) throws IOException;
}
