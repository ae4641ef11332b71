package dev.ocipkg.internal.registry;

import dev.ocipkg.internal.http.HttpExchanges;
import dev.ocipkg.internal.http.Request;
import dev.ocipkg.internal.http.Response;
import java.io.IOException;
import java.util.List;

/**
 * The last step: one HTTP exchange ({@link HttpExchanges}), under the {@link Deadline} the request
 * carries. A blob's deadline ends once its headers are in; its body falls under the stall rule of
 * {@link BlobPuller} instead.
 */
final class Transport implements RegistryStep {
  private final HttpExchanges http;

  Transport(HttpExchanges http) {
    this.http = http;
  }

  @Override
  public Response proceed(String host, List<String> scopes, Request request) throws IOException {
    Deadline deadline = request.tag(Deadline.class);
    if (deadline == null) {
      return http.execute(request);
    }
    try {
      return deadline.exchange(http, request);
    } catch (IOException e) {
      throw deadline.explain(
          e, request.method() + " " + request.url().encodedPath(), request.url().hostAndPort());
    }
  }
}
