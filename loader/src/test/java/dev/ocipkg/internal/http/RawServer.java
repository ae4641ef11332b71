package dev.ocipkg.internal.http;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A loopback server that answers every request with the same bytes, written as they are: for
 * answers that are not HTTP, or that never end, which no well-behaved server library would send.
 */
final class RawServer implements AutoCloseable {
  private final ServerSocket socket;
  private final AtomicInteger connections = new AtomicInteger();
  private final AtomicInteger requests = new AtomicInteger();

  private interface Script {
    /** Answers request {@code number} (from 1) of its connection; false to close the connection. */
    boolean answer(OutputStream out, int number) throws IOException, InterruptedException;
  }

  private RawServer(Script script) throws IOException {
    this.socket = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    Thread accept = new Thread(() -> accept(script), "raw-server");
    accept.setDaemon(true);
    accept.start();
  }

  /** Answers each request with {@code reply}; with {@code thenClose}, closes without a word. */
  static RawServer answering(String reply, boolean thenClose) throws IOException {
    byte[] bytes = reply.getBytes(StandardCharsets.ISO_8859_1);
    return new RawServer(
        (out, number) -> {
          out.write(bytes);
          out.flush();
          return !thenClose;
        });
  }

  /** Answers the first request of each connection with {@code reply}, and later ones never. */
  static RawServer answeringOnce(String reply) throws IOException {
    byte[] bytes = reply.getBytes(StandardCharsets.ISO_8859_1);
    return new RawServer(
        (out, number) -> {
          if (number == 1) {
            out.write(bytes);
            out.flush();
          }
          return true;
        });
  }

  /**
   * Answers each request with {@code reply}, then {@code delayMillis} later sends {@code stray},
   * which no request asked for.
   */
  static RawServer answeringThenStray(String reply, String stray, long delayMillis)
      throws IOException {
    byte[] bytes = reply.getBytes(StandardCharsets.ISO_8859_1);
    byte[] extra = stray.getBytes(StandardCharsets.ISO_8859_1);
    return new RawServer(
        (out, number) -> {
          out.write(bytes);
          out.flush();
          Thread.sleep(delayMillis);
          out.write(extra);
          out.flush();
          return true;
        });
  }

  /** Answers with {@code parts} one after the other, each after a pause of {@code pauseMillis}. */
  static RawServer inSteps(long pauseMillis, String... parts) throws IOException {
    return new RawServer(
        (out, number) -> {
          for (String part : parts) {
            Thread.sleep(pauseMillis);
            out.write(part.getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
          }
          return true;
        });
  }

  /** Answers with {@code prefix}, then {@code repeated} without end, {@code pauseMillis} apart. */
  static RawServer endless(String prefix, String repeated, long pauseMillis) throws IOException {
    byte[] first = prefix.getBytes(StandardCharsets.ISO_8859_1);
    byte[] more = repeated.getBytes(StandardCharsets.ISO_8859_1);
    return new RawServer(
        (out, number) -> {
          out.write(first);
          while (true) { // until the client goes away: the write then fails
            out.write(more);
            out.flush();
            if (pauseMillis > 0) {
              Thread.sleep(pauseMillis);
            }
          }
        });
  }

  String origin() {
    return "127.0.0.1:" + socket.getLocalPort();
  }

  Request get() {
    return new Request.Builder().url("http://" + origin() + "/").get().build();
  }

  Request post(String body) {
    return new Request.Builder()
        .url("http://" + origin() + "/")
        .post(RequestBody.create(body.getBytes(StandardCharsets.US_ASCII), null))
        .build();
  }

  /** How many connections were accepted so far. */
  int connections() {
    return connections.get();
  }

  /** How many request heads arrived so far, on all connections. */
  int requests() {
    return requests.get();
  }

  private void accept(Script script) {
    while (!socket.isClosed()) {
      try {
        Socket client = socket.accept();
        connections.incrementAndGet();
        Thread serve = new Thread(() -> serve(client, script, requests), "raw-server-connection");
        serve.setDaemon(true);
        serve.start();
      } catch (IOException e) {
        return; // closed
      }
    }
  }

  private static void serve(Socket client, Script script, AtomicInteger requests) {
    try (client) {
      InputStream in = client.getInputStream();
      OutputStream out = client.getOutputStream();
      for (int number = 1; skipRequestHead(in); number++) {
        requests.incrementAndGet();
        if (!script.answer(out, number)) {
          return;
        }
      }
    } catch (IOException | InterruptedException e) {
      // the client went away
    }
  }

  /** Reads up to the blank line that ends a request head; false at the end of the stream. */
  private static boolean skipRequestHead(InputStream in) throws IOException {
    int matched = 0;
    byte[] end = {'\r', '\n', '\r', '\n'};
    for (int b = in.read(); b >= 0; b = in.read()) {
      matched = b == end[matched] ? matched + 1 : (b == '\r' ? 1 : 0);
      if (matched == end.length) {
        return true;
      }
    }
    return false;
  }

  @Override
  public void close() throws IOException {
    socket.close();
  }
}
