package dev.ocipkg.internal.registry;

import dev.ocipkg.internal.http.HttpUrl;
import dev.ocipkg.internal.http.Request;
import dev.ocipkg.internal.http.Response;
import dev.ocipkg.internal.io.ForeignText;
import java.io.IOException;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * Follows redirects here rather than in the HTTP client, so that the security rules apply to each
 * hop: {@code Authorization} is dropped on any change of scheme, host or port, https to http is
 * refused, HEAD stays HEAD, a loop ends after {@value #MAX_REDIRECTS} hops, and a presigned URL
 * that answers 403 (expired) sends the request back to the registry once.
 */
final class Redirects implements RegistryStep {
  static final int MAX_REDIRECTS = 5;

  private final RegistryStep next;

  Redirects(RegistryStep next) {
    this.next = next;
  }

  @Override
  public Response proceed(String host, List<String> scopes, Request request) throws IOException {
    Request current = request;
    boolean retriedExpiredRedirect = false;
    for (int hop = 0; ; hop++) {
      Response response = next.proceed(host, scopes, current);
      if (response.code() == 403
          && !sameOrigin(request.url(), current.url())
          && !retriedExpiredRedirect) {
        // A presigned storage URL that expired: ask the registry for a fresh one, once.
        response.close();
        retriedExpiredRedirect = true;
        current = request;
        hop = 0;
        continue;
      }
      if (!response.isRedirect()) {
        return response;
      }
      String location = response.header("Location");
      response.close();
      current = nextHop(request, current, location, hop);
    }
  }

  private static Request nextHop(Request first, Request current, @Nullable String location, int hop)
      throws RefusedRequestException {
    String from = first.url().hostAndPort();
    if (hop >= MAX_REDIRECTS) {
      throw new RefusedRequestException(
          "too many redirects (more than " + MAX_REDIRECTS + ") from " + from,
          from,
          "the registry sends its clients in a loop; tell its operator");
    }
    HttpUrl target = location == null ? null : current.url().resolve(location);
    if (target == null) {
      throw new RefusedRequestException(
          "a redirect from "
              + current.url().host()
              + " without a usable Location ("
              + ForeignText.escape(location, 100)
              + ")",
          from,
          null);
    }
    if (current.url().isHttps() && !target.isHttps()) {
      throw new RefusedRequestException(
          "refusing a redirect from https to plain http ("
              + target.hostAndPort()
              + "): what https protects must not continue in clear text",
          from,
          "tell the registry's operator: its redirects must stay on https");
    }
    Request.Builder b = current.newBuilder().url(target); // keeps the method: HEAD stays HEAD
    if (!sameOrigin(current.url(), target)) {
      b.removeHeader("Authorization"); // credentials never travel to another origin
    }
    return b.build();
  }

  static boolean sameOrigin(HttpUrl a, HttpUrl b) {
    return a.scheme().equals(b.scheme()) && a.host().equals(b.host()) && a.port() == b.port();
  }
}
