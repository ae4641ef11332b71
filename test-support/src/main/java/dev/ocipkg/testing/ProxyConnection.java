package dev.ocipkg.testing;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.jspecify.annotations.Nullable;

/**
 * One client connection of a {@link FaultProxy}: reads requests one after another (keep-alive),
 * asks the proxy which fault applies, and either answers itself or forwards the request on a fresh
 * upstream connection ({@code Connection: close}) and streams the response back through the fault.
 */
final class ProxyConnection implements Runnable {
  private static final int CONNECT_TIMEOUT_MILLIS = 5_000;

  /**
   * How long the request body pump may still run once the response is through. A server answers
   * after reading the whole body, so a pump that is not done by then never will be: the client is
   * still sending a body the server did not want, and the connection must close.
   */
  private static final long PUMP_GRACE_MILLIS = 2_000;

  private final FaultProxy proxy;
  private final Socket client;
  private final int id;
  private final InputStream clientIn;
  private final PacedOutputStream clientOut;

  ProxyConnection(FaultProxy proxy, Socket client, int id, PacedOutputStream clientOut)
      throws IOException {
    this.proxy = proxy;
    this.client = client;
    this.id = id;
    this.clientIn = new BufferedInputStream(client.getInputStream(), 16 * 1024);
    this.clientOut = clientOut;
  }

  @Override
  public void run() {
    try {
      while (serveOne()) {
        // next request on the same connection
      }
    } catch (IOException e) {
      // The client or the registry went away, or the proxy closed: the connection ends.
    } finally {
      proxy.release(client);
    }
  }

  /** Serves one request; false when the client connection must not carry another. */
  private boolean serveOne() throws IOException {
    HttpHead request = HttpHead.readRequest(clientIn);
    if (request == null) {
      return false;
    }
    Fault fault = proxy.admit(request, id);
    boolean keepAlive = request.keepAlive();
    if (fault == null) {
      return forward(request, keepAlive, BodyCopier.plain());
    }
    Fault.Action action = fault.action();
    return switch (action.kind()) {
      case DISCONNECT -> false;
      case STATUS -> answer(request, keepAlive, action.status(), action.headers(), action.body());
      case REDIRECT ->
          answer(
              request,
              keepAlive,
              action.status(),
              concat(action.headers(), Map.entry("Location", action.location() + request.target())),
              new byte[0]);
      case STALL -> stall(request, keepAlive, action.stall());
      case CUT -> forward(request, keepAlive, BodyCopier.cutting(action.offset()));
      case FLIP -> forward(request, keepAlive, BodyCopier.flipping(action.offset()));
    };
  }

  private boolean stall(HttpHead request, boolean keepAlive, @Nullable Duration duration)
      throws IOException {
    if (duration == null) {
      // Silent until the client closes (read returns -1) or the proxy closes the socket.
      clientIn.transferTo(OutputStream.nullOutputStream());
      return false;
    }
    try {
      Thread.sleep(duration.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
    return forward(request, keepAlive, BodyCopier.plain());
  }

  /** Answers the request from the proxy itself. */
  private boolean answer(
      HttpHead request,
      boolean keepAlive,
      int status,
      Iterable<Map.Entry<String, String>> headers,
      byte[] body)
      throws IOException {
    if (request.hasToken("Expect", "100-continue")) {
      keepAlive = false; // the client waits to send its body; closing is how it learns not to
    } else {
      BodyCopier.plain()
          .copy(
              clientIn,
              OutputStream.nullOutputStream(),
              BodyCopier.requestFraming(request),
              request);
    }
    HttpHead response = HttpHead.response(status, reason(status));
    for (Map.Entry<String, String> header : headers) {
      response.add(header.getKey(), header.getValue());
    }
    response.add("Content-Length", Integer.toString(body.length));
    if (!keepAlive) {
      response.add("Connection", "close");
    }
    clientOut.restartClock();
    clientOut.write(response.bytes());
    if (!request.method().equals("HEAD")) {
      clientOut.write(body);
    }
    clientOut.flush();
    return keepAlive;
  }

  private boolean forward(HttpHead request, boolean keepAlive, BodyCopier responseCopier)
      throws IOException {
    Socket upstream = new Socket();
    try {
      upstream.setTcpNoDelay(true);
      upstream.connect(proxy.upstream(), CONNECT_TIMEOUT_MILLIS);
    } catch (IOException e) {
      upstream.close();
      String message = "fault proxy: cannot reach " + proxy.upstream() + ": " + e.getMessage();
      return answer(
          request,
          keepAlive,
          502,
          List.of(Map.entry("Content-Type", "text/plain; charset=utf-8")),
          message.getBytes(StandardCharsets.UTF_8));
    }
    proxy.track(upstream);
    try {
      return exchange(request, keepAlive, responseCopier, upstream);
    } finally {
      proxy.release(upstream);
    }
  }

  private boolean exchange(
      HttpHead request, boolean keepAlive, BodyCopier responseCopier, Socket upstream)
      throws IOException {
    HttpHead upstreamRequest = request.copy();
    upstreamRequest.removeHopByHop();
    upstreamRequest.add("Connection", "close");
    OutputStream upOut = new BufferedOutputStream(upstream.getOutputStream(), 16 * 1024);
    upOut.write(upstreamRequest.bytes());
    upOut.flush();

    // The body goes up on its own thread while this one waits for the answer: a server may answer
    // before it has read the body (or send 100 Continue first), and neither side may block.
    BodyCopier.Framing requestFraming = BodyCopier.requestFraming(request);
    Future<?> pump = null;
    if (requestFraming != BodyCopier.Framing.NONE) {
      try {
        pump =
            proxy.submit(
                () -> {
                  BodyCopier.plain().copy(clientIn, upOut, requestFraming, request);
                  upOut.flush();
                  return null;
                });
      } catch (RejectedExecutionException e) {
        throw new IOException("fault proxy is closed", e);
      }
    }

    InputStream upIn = new BufferedInputStream(upstream.getInputStream(), 16 * 1024);
    HttpHead response = HttpHead.readResponse(upIn);
    while (response.status() < 200 && response.status() != 101) {
      clientOut.write(response.bytes()); // 100 Continue and other interim answers
      clientOut.flush();
      response = HttpHead.readResponse(upIn);
    }
    BodyCopier.Framing framing = BodyCopier.responseFraming(response, request.method());
    boolean clientKeepAlive = keepAlive && framing != BodyCopier.Framing.UNTIL_CLOSE;
    response.removeHopByHop();
    if (!clientKeepAlive) {
      response.add("Connection", "close");
    }
    if (proxy.rewritesLocations()) {
      response.replaceValues("Location", proxy::rewriteLocation);
    }
    clientOut.restartClock();
    clientOut.write(response.bytes());
    boolean whole = responseCopier.copy(upIn, clientOut, framing, response);
    clientOut.flush();
    if (!whole) {
      return false; // the cut: closing the connection ends the body early
    }
    return clientKeepAlive && (pump == null || finished(pump));
  }

  private static boolean finished(Future<?> pump) {
    try {
      pump.get(PUMP_GRACE_MILLIS, TimeUnit.MILLISECONDS);
      return true;
    } catch (ExecutionException | TimeoutException e) {
      pump.cancel(true);
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  private static Iterable<Map.Entry<String, String>> concat(
      List<Map.Entry<String, String>> headers, Map.Entry<String, String> more) {
    List<Map.Entry<String, String>> all = new ArrayList<>(headers);
    all.add(0, more);
    return all;
  }

  private static String reason(int status) {
    return switch (status) {
      case 200 -> "OK";
      case 301 -> "Moved Permanently";
      case 302 -> "Found";
      case 307 -> "Temporary Redirect";
      case 308 -> "Permanent Redirect";
      case 400 -> "Bad Request";
      case 401 -> "Unauthorized";
      case 403 -> "Forbidden";
      case 404 -> "Not Found";
      case 408 -> "Request Timeout";
      case 416 -> "Range Not Satisfiable";
      case 429 -> "Too Many Requests";
      case 500 -> "Internal Server Error";
      case 502 -> "Bad Gateway";
      case 503 -> "Service Unavailable";
      case 504 -> "Gateway Timeout";
      default -> "Fault";
    };
  }
}
