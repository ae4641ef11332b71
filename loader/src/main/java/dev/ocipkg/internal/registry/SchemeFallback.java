package dev.ocipkg.internal.registry;

import dev.ocipkg.internal.http.Request;
import dev.ocipkg.internal.http.Response;
import java.io.IOException;
import java.util.List;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLHandshakeException;

/**
 * Sends with scheme fallback: a host that may use plain http and does not answer TLS at all is
 * asked again over http (and remembered so); a scheme that came from the cache is probed again once
 * when the request fails, or when a plain-http request gets the 400 with which TLS servers (Go's,
 * nginx) answer plain http.
 */
final class SchemeFallback implements RegistryStep {
  private final SchemeMemory schemes;
  private final RegistryStep next;

  SchemeFallback(SchemeMemory schemes, RegistryStep next) {
    this.schemes = schemes;
    this.next = next;
  }

  @Override
  public Response proceed(String host, List<String> scopes, Request request) throws IOException {
    Response response;
    try {
      response = withTlsFallback(host, scopes, request);
    } catch (IOException e) {
      Request again = schemes.withSchemeProbedAgain(host, request);
      if (again == null) {
        throw e;
      }
      return withTlsFallback(host, scopes, overPlainHttp(host, again));
    }
    if (response.code() == 400 && !request.url().isHttps()) {
      Request again = schemes.withSchemeProbedAgain(host, request);
      if (again != null) {
        response.close();
        return withTlsFallback(host, scopes, overPlainHttp(host, again));
      }
    }
    return response;
  }

  private Response withTlsFallback(String host, List<String> scopes, Request request)
      throws IOException {
    try {
      return next.proceed(host, scopes, request);
    } catch (SSLException e) {
      if (e instanceof SSLHandshakeException
          || !schemes.mayUsePlainHttp(host)
          || !request.url().isHttps()) {
        throw e;
      }
      // The server did not answer TLS at all: a plain-http registry on loopback or an insecure
      // host.
      schemes.foundPlainHttp(host);
      return next.proceed(
          host,
          scopes,
          overPlainHttp(
              host,
              request.newBuilder().url(request.url().newBuilder().scheme("http").build()).build()));
    }
  }

  /**
   * {@code request}, now on plain http, without the credentials it carried unless {@code host} is
   * loopback: this fallback is what a man in the middle can bring about (bytes that are not TLS),
   * and credentials go over plain http to loopback only. A challenge over http then meets {@link
   * Authenticating}'s refusal, which says why.
   */
  private static Request overPlainHttp(String host, Request request) {
    if (request.url().isHttps()
        || request.header("Authorization") == null
        || LoopbackHosts.isLoopback(host)) {
      return request;
    }
    return request.newBuilder().removeHeader("Authorization").build();
  }
}
