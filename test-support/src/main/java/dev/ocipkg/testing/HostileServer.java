package dev.ocipkg.testing;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import javax.net.ssl.SSLSocket;
import org.jspecify.annotations.Nullable;

/**
 * A stand-in for a registry that misbehaves on demand: any status, header or body, bodies sent one
 * byte at a time as slowly as asked, realms and redirects pointing anywhere. For the protocol edges
 * a real registry cannot be made to produce (a hostile one, that is); tests that use it say so.
 * Plain HTTP/1.1 on a socket of its own, every request recorded (with its {@code Authorization}).
 *
 * <pre>{@code
 * try (HostileServer server = HostileServer.start()) {
 *   server.on("GET", "/v2/acme/x/manifests/1.0", request -> Reply.status(200).body("{}").trickle(Duration.ofSeconds(29)));
 *   ...
 * }
 * }</pre>
 */
public final class HostileServer implements AutoCloseable {
  private final ServerSocket socket;
  private final boolean tls;
  private final ExecutorService threads = Executors.newCachedThreadPool(daemon());
  private final Map<String, Function<RecordedRequest, Reply>> routes = new LinkedHashMap<>();
  private final List<RecordedRequest> requests = new CopyOnWriteArrayList<>();
  private final List<Socket> open = new CopyOnWriteArrayList<>();
  private final AtomicInteger connections = new AtomicInteger();
  private volatile boolean closed;

  private HostileServer(ServerSocket socket, boolean tls) {
    this.socket = socket;
    this.tls = tls;
    threads.execute(this::accept);
  }

  /** A server on a free loopback port. */
  public static HostileServer start() throws IOException {
    return startOn(InetAddress.getLoopbackAddress());
  }

  /** A server on a free port of {@code address} (e.g. a non-loopback address of this host). */
  public static HostileServer startOn(InetAddress address) throws IOException {
    ServerSocket s = new ServerSocket();
    s.bind(new InetSocketAddress(address, 0));
    return new HostileServer(s, false);
  }

  /**
   * A server on a free loopback port speaking https with a certificate of {@code ca} (for 127.0.0.1
   * and localhost): trust {@code ca.certificatePem()} in the client.
   */
  public static HostileServer startTls(TestCertificateAuthority ca) throws IOException {
    ServerSocket s =
        ca.serverContext(ca.issueLoopbackServerCertificate())
            .getServerSocketFactory()
            .createServerSocket();
    s.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
    return new HostileServer(s, true);
  }

  /** {@code address:port} as a registry reference spells it. */
  public String host() {
    InetAddress a = socket.getInetAddress();
    String name = a.getHostAddress();
    return (name.contains(":") ? "[" + name + "]" : name) + ":" + socket.getLocalPort();
  }

  public int port() {
    return socket.getLocalPort();
  }

  /**
   * Answers {@code method} requests whose path is {@code path} (or starts with it, when it ends
   * with {@code *}); a later route for the same key replaces the earlier one. Unrouted requests get
   * 404.
   */
  public synchronized HostileServer on(
      String method, String path, Function<RecordedRequest, Reply> reply) {
    routes.put(method + " " + path, reply);
    return this;
  }

  /** As {@link #on(String, String, Function)} with one fixed reply. */
  public HostileServer on(String method, String path, Reply reply) {
    return on(method, path, request -> reply);
  }

  /** Every request received so far, in order. */
  public List<RecordedRequest> requests() {
    return List.copyOf(requests);
  }

  /** The requests for paths starting with {@code prefix}. */
  public List<RecordedRequest> requestsTo(String prefix) {
    List<RecordedRequest> matching = new ArrayList<>();
    for (RecordedRequest r : requests) {
      if (r.path().startsWith(prefix)) {
        matching.add(r);
      }
    }
    return matching;
  }

  private synchronized @Nullable Function<RecordedRequest, Reply> route(
      String method, String path) {
    Function<RecordedRequest, Reply> exact = routes.get(method + " " + path);
    if (exact != null) {
      return exact;
    }
    for (Map.Entry<String, Function<RecordedRequest, Reply>> e : routes.entrySet()) {
      String key = e.getKey();
      if (key.endsWith("*")
          && (method + " " + path).startsWith(key.substring(0, key.length() - 1))) {
        return e.getValue();
      }
    }
    return null;
  }

  private void accept() {
    while (!closed) {
      try {
        Socket client = socket.accept();
        open.add(client);
        int number = connections.incrementAndGet();
        threads.execute(() -> serve(client, number));
      } catch (IOException e) {
        return; // closed
      }
    }
  }

  private void serve(Socket client, int number) {
    try (client) {
      InputStream in = new BufferedInputStream(client.getInputStream());
      OutputStream out = client.getOutputStream();
      if (!tls) {
        in.mark(1);
        if (in.read() == 0x16) {
          return; // a TLS handshake record: this server speaks plain http only, and says so at once
        }
        in.reset();
      }
      while (!closed) {
        HttpHead head = HttpHead.readRequest(in);
        if (head == null) {
          return;
        }
        long length = head.contentLength();
        if (length > 0) {
          in.readNBytes((int) Math.min(length, Integer.MAX_VALUE));
        }
        RecordedRequest request =
            new RecordedRequest(
                head.method(), head.target(), head.toHttpHeaders(), Instant.now(), number, null);
        requests.add(request);
        Function<RecordedRequest, Reply> route = route(head.method(), request.path());
        Reply reply = route == null ? Reply.status(404) : route.apply(request);
        if (reply.keyUpdateEvery != null && client instanceof SSLSocket tlsClient) {
          reply.sendHead(out);
          reply.keyUpdatesWithoutEnd(tlsClient);
          return;
        }
        if (!reply.send(out, head.method().equals("HEAD"))) {
          return;
        }
      }
    } catch (IOException e) {
      // the client went away, or the server closed
    } finally {
      open.remove(client);
    }
  }

  @Override
  public void close() throws IOException {
    closed = true;
    socket.close();
    for (Socket s : open) {
      s.close();
    }
    threads.shutdownNow();
  }

  private static java.util.concurrent.ThreadFactory daemon() {
    return task -> {
      Thread t = new Thread(task, "hostile-server");
      t.setDaemon(true);
      return t;
    };
  }

  /** What the server answers: a status, headers and a body, sent as fast or as slowly as asked. */
  public static final class Reply {
    private final int status;
    private final List<String[]> headers = new ArrayList<>();
    private byte[] body = new byte[0];
    private @Nullable Long declaredLength;
    private @Nullable Duration trickle;
    private int chunk = 1;
    private boolean closeAfter;
    private boolean chunked;
    private boolean endlessTrailers;
    private @Nullable Duration keyUpdateEvery;

    private Reply(int status) {
      this.status = status;
    }

    public static Reply status(int status) {
      return new Reply(status);
    }

    /** A 200 with a JSON body. */
    public static Reply json(String json) {
      return status(200).header("Content-Type", "application/json").body(json);
    }

    public Reply header(String name, String value) {
      headers.add(new String[] {name, value});
      return this;
    }

    public Reply body(String text) {
      return body(text.getBytes(StandardCharsets.UTF_8));
    }

    public Reply body(byte[] bytes) {
      this.body = bytes.clone();
      return this;
    }

    /** A {@code Content-Length} other than the body's (a body that promises more than it sends). */
    public Reply declaredLength(long length) {
      this.declaredLength = length;
      return this;
    }

    /** Sends the body {@code bytes} at a time with {@code pause} before each piece. */
    public Reply trickle(int bytes, Duration pause) {
      this.chunk = Math.max(1, bytes);
      this.trickle = pause;
      return this;
    }

    /** Sends the body one byte at a time with {@code pause} before each. */
    public Reply trickle(Duration pause) {
      return trickle(1, pause);
    }

    /** Sends the body with {@code Transfer-Encoding: chunked}, as one chunk, then the last one. */
    public Reply chunked() {
      this.chunked = true;
      return this;
    }

    /**
     * Sends the body chunked, and after its last chunk trailer lines of 1 KiB without end (until
     * the client goes away): a client that reads trailers without bound never sees the body end.
     */
    public Reply trailersWithoutEnd() {
      this.endlessTrailers = true;
      return chunked();
    }

    /** Closes the connection once the reply is out (or cut). */
    public Reply thenClose() {
      this.closeAfter = true;
      return this;
    }

    /**
     * Over https: sends the head, then, every {@code pause}, a TLS KeyUpdate and never a byte of
     * the body. Records without data restart the socket timeout of a client's read each time, so a
     * client that trusts that timeout alone waits forever.
     */
    public Reply keyUpdatesWithoutData(Duration pause) {
      this.keyUpdateEvery = pause;
      return this;
    }

    /** The status line and headers, with the blank line that ends them. */
    private String head() {
      StringBuilder h =
          new StringBuilder("HTTP/1.1 ").append(status).append(' ').append(reason()).append("\r\n");
      for (String[] field : headers) {
        h.append(field[0]).append(": ").append(field[1]).append("\r\n");
      }
      long length = declaredLength != null ? declaredLength : body.length;
      if (chunked) {
        h.append("Transfer-Encoding: chunked\r\n");
      } else {
        h.append("Content-Length: ").append(length).append("\r\n");
      }
      if (closeAfter) {
        h.append("Connection: close\r\n");
      }
      return h.append("\r\n").toString();
    }

    /** The status line and headers only. */
    void sendHead(OutputStream out) throws IOException {
      out.write(head().getBytes(StandardCharsets.ISO_8859_1));
      out.flush();
    }

    /** KeyUpdates (a renewed handshake, in TLS 1.3) until the client goes away. */
    void keyUpdatesWithoutEnd(SSLSocket client) throws IOException {
      Duration pause = java.util.Objects.requireNonNull(keyUpdateEvery);
      while (true) {
        try {
          Thread.sleep(pause.toMillis());
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          return;
        }
        client.startHandshake();
      }
    }

    /** Writes the reply; false when the connection is to be closed. */
    boolean send(OutputStream out, boolean head) throws IOException {
      sendHead(out);
      if (head) {
        return !closeAfter;
      }
      if (chunked) {
        writeChunked(out);
        return !closeAfter && !endlessTrailers;
      }
      writeBody(out);
      return !closeAfter && (declaredLength == null || declaredLength == body.length);
    }

    private void writeChunked(OutputStream out) throws IOException {
      if (body.length > 0) {
        out.write((Integer.toHexString(body.length) + "\r\n").getBytes(StandardCharsets.US_ASCII));
        writeBody(out);
        out.write("\r\n".getBytes(StandardCharsets.US_ASCII));
      }
      out.write("0\r\n".getBytes(StandardCharsets.US_ASCII));
      if (!endlessTrailers) {
        out.write("\r\n".getBytes(StandardCharsets.US_ASCII));
        out.flush();
        return;
      }
      byte[] pad = "x".repeat(1024).getBytes(StandardCharsets.US_ASCII);
      for (long n = 0; ; n++) { // until the client closes: the write then fails
        out.write(("X-Pad-" + n + ": ").getBytes(StandardCharsets.US_ASCII));
        out.write(pad);
        out.write("\r\n".getBytes(StandardCharsets.US_ASCII));
        out.flush();
      }
    }

    private void writeBody(OutputStream out) throws IOException {
      if (trickle == null) {
        out.write(body);
        out.flush();
        return;
      }
      try {
        for (int i = 0; i < body.length; i += chunk) {
          Thread.sleep(trickle.toMillis());
          out.write(body, i, Math.min(chunk, body.length - i));
          out.flush();
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new SocketException("server closed");
      }
    }

    private String reason() {
      switch (status) {
        case 200:
          return "OK";
        case 206:
          return "Partial Content";
        case 307:
          return "Temporary Redirect";
        case 401:
          return "Unauthorized";
        case 404:
          return "Not Found";
        default:
          return "Status";
      }
    }
  }
}
