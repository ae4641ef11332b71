package dev.ocipkg.internal.registry;

import dev.ocipkg.internal.http.Request;
import dev.ocipkg.internal.http.Response;
import java.io.IOException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/**
 * The next step of a step under test: answers each request with the next scripted reply (a status
 * with headers, or an exception) and records what it was asked, so that one step is tested alone,
 * without a network.
 */
final class ScriptedStep implements RegistryStep {
  /** A scripted answer to one request. */
  interface Reply {
    Response to(Request request) throws IOException;
  }

  private final Deque<Reply> replies = new ArrayDeque<>();
  final List<Request> seen = new ArrayList<>();

  ScriptedStep then(int status, String... headers) {
    replies.add(request -> response(request, status, headers));
    return this;
  }

  /** A 401 Basic challenge as if the request had been redirected to {@code elsewhere}. */
  ScriptedStep replyTo401From(Request elsewhere) {
    replies.add(request -> response(elsewhere, 401, "WWW-Authenticate", "Basic realm=\"s\""));
    return this;
  }

  ScriptedStep thenThrow(IOException e) {
    replies.add(
        request -> {
          throw e;
        });
    return this;
  }

  @Override
  public Response proceed(String host, List<String> scopes, Request request) throws IOException {
    seen.add(request);
    Reply reply = replies.poll();
    if (reply == null) {
      throw new AssertionError("no reply scripted for request " + seen.size() + ": " + request);
    }
    return reply.to(request);
  }

  static Response response(Request request, int status, String... headers) {
    return Response.of(request, status, headers);
  }
}
