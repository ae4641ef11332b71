package dev.ocipkg.internal.registry;

import java.io.IOException;
import java.util.List;
import okhttp3.Call;
import okhttp3.Request;
import okhttp3.Response;
import okio.AsyncTimeout;

/**
 * The last step: one HTTP exchange on the loader's OkHttp client, under the {@link Deadline} the
 * request carries. A blob's deadline ends once its headers are in; its body falls under the stall
 * rule of {@link BlobPuller} instead.
 */
final class Transport implements RegistryStep {
  private final HttpClients http;

  Transport(HttpClients http) {
    this.http = http;
  }

  @Override
  public Response proceed(String host, List<String> scopes, Request request) throws IOException {
    Call call = http.newCall(request);
    Deadline deadline = request.tag(Deadline.class);
    if (deadline == null) {
      return call.execute();
    }
    if (!deadline.coversBody() && !(call.timeout() instanceof AsyncTimeout)) {
      return call.execute(); // no way to end the deadline at the headers: leave the body free
    }
    deadline.bound(call);
    Response response;
    try {
      response = call.execute();
    } catch (IOException e) {
      throw deadline.explain(
          e,
          request.method() + " " + request.url().encodedPath(),
          request.url().host() + ":" + request.url().port());
    }
    if (!deadline.coversBody()) {
      ((AsyncTimeout) call.timeout()).exit(); // the headers are in
    }
    return response;
  }
}
