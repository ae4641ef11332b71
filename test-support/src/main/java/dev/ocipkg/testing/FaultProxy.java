package dev.ocipkg.testing;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.jspecify.annotations.Nullable;

/**
 * A loopback HTTP/1.1 proxy between a client and a real registry, to bring about on demand what a
 * real registry will not do: cut a body short, answer 429 or 5xx, stall, corrupt a byte, redirect
 * elsewhere, or crawl. It records every request it receives, so a test can check what the client
 * sent: that it resumed with {@code Range}, or that an {@code Authorization} header did not follow
 * a redirect to another host.
 *
 * <pre>{@code
 * try (FaultProxy proxy = FaultProxy.inFrontOf(registry.server())) {
 *   proxy.rule(Fault.cutAfter(1000).on("GET", ".+/blobs/.+"));
 *   loader.open(proxy.reference("acme/libfoo:1.0"));                // resumes the blob
 *   assertThat(proxy.requests()).anySatisfy(r -> assertThat(r.header("Range")).isPresent());
 * }
 * }</pre>
 *
 * <p>Faults are {@linkplain #rule rules}, kept in the order added. Each request is matched against
 * them in order; the first that matches and is not {@linkplain Fault#skip skipping} applies, and a
 * rule is dropped once it has applied its {@linkplain Fault#times times}. Requests no rule takes
 * pass through unchanged.
 *
 * <p>How it forwards: the client's connection is kept alive and read one request after another;
 * each request goes to the registry on a fresh connection with {@code Connection: close}, and the
 * response streams back (never buffered whole, so bodies of any size pass) with {@code
 * Content-Length}, chunked or close-delimited framing. {@code Host} is forwarded as the client sent
 * it. {@code Location} fields that point at the registry's own address are rewritten to the
 * proxy's, so upload sessions stay on the proxy ({@link #rewriteLocations}). When the registry
 * cannot be reached the proxy answers {@code 502} with a plain-text body.
 *
 * <p>Limits: plain HTTP only — a TLS registry is refused, since the proxy must read the requests.
 * No HTTP/2 (an {@code Upgrade: h2c} offer is dropped, so clients stay on HTTP/1.1), no pipelining
 * (the next request is read after the previous response is sent), no {@code CONNECT}. The proxy is
 * for loopback tests only: it trusts its clients and holds one thread per connection.
 */
public final class FaultProxy implements AutoCloseable {
  private final ServerSocket server;
  private final InetSocketAddress upstream;
  private final List<String> upstreamOrigins;
  private final ExecutorService threads;
  private final Set<Socket> sockets = ConcurrentHashMap.newKeySet();
  private final AtomicLong bytesDown = new AtomicLong();
  private final AtomicInteger connections = new AtomicInteger();
  private final List<ActiveRule> rules = new ArrayList<>();
  private final List<RecordedRequest> requests = new ArrayList<>();
  private volatile long bytesPerSecond = PacedOutputStream.UNLIMITED;
  private volatile boolean rewriteLocations = true;
  private volatile boolean closed;

  private FaultProxy(InetSocketAddress upstream) throws IOException {
    this.upstream = upstream;
    this.upstreamOrigins =
        List.of(
            "http://127.0.0.1:" + upstream.getPort(),
            "http://localhost:" + upstream.getPort(),
            "http://[::1]:" + upstream.getPort());
    this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    String name = "fault-proxy-" + server.getLocalPort();
    this.threads =
        Executors.newCachedThreadPool(
            r -> {
              Thread t = new Thread(r, name);
              t.setDaemon(true);
              return t;
            });
    threads.execute(this::acceptLoop);
  }

  /**
   * A proxy on a free loopback port in front of {@code registry}, which must use plain HTTP.
   *
   * @throws IllegalArgumentException for a TLS registry
   */
  public static FaultProxy inFrontOf(RegistryServer registry) throws IOException {
    if (registry.mode().tls()) {
      throw new IllegalArgumentException(
          "FaultProxy reads HTTP and does not terminate TLS; put it in front of a plain-http"
              + " registry, not "
              + registry);
    }
    return inFrontOf(new InetSocketAddress(InetAddress.getLoopbackAddress(), registry.port()));
  }

  /** A proxy in front of any plain-HTTP server, e.g. a test's own stub. */
  static FaultProxy inFrontOf(InetSocketAddress upstream) throws IOException {
    return new FaultProxy(upstream);
  }

  /** {@code 127.0.0.1:PORT} of the proxy, to use in references instead of the registry's host. */
  public String host() {
    return "127.0.0.1:" + port();
  }

  public int port() {
    return server.getLocalPort();
  }

  /** {@code http://127.0.0.1:PORT}. */
  public URI baseUri() {
    return URI.create("http://" + host());
  }

  /** A reference through the proxy, e.g. {@code reference("acme/libfoo:1.0")}. */
  public String reference(String repositoryAndTagOrDigest) {
    return host() + "/" + repositoryAndTagOrDigest;
  }

  /** Adds a fault after those already waiting; see the class comment for the order. */
  public FaultProxy rule(Fault fault) {
    synchronized (rules) {
      rules.add(new ActiveRule(fault));
    }
    return this;
  }

  /**
   * Whether {@code Location} fields that point at the registry are rewritten to point at the proxy
   * (default true). Distribution builds them from the request's {@code Host}, which already names
   * the proxy; the rewrite matters for clients that send another {@code Host} and for servers
   * configured with a fixed {@code http.host}.
   */
  public FaultProxy rewriteLocations(boolean rewrite) {
    this.rewriteLocations = rewrite;
    return this;
  }

  /** Limits the bytes per second sent back to a client, on each connection. */
  public FaultProxy throttle(long bytesPerSecond) {
    if (bytesPerSecond <= 0) {
      throw new IllegalArgumentException(
          "bytes per second (" + bytesPerSecond + ") must be positive");
    }
    this.bytesPerSecond = bytesPerSecond;
    return this;
  }

  /**
   * Back to a plain pass-through proxy: drops waiting rules, forgets recorded requests, lifts the
   * throttle and zeroes {@link #bytesDown()}. Requests in flight finish as they started.
   */
  public FaultProxy reset() {
    synchronized (rules) {
      rules.clear();
      requests.clear();
    }
    bytesPerSecond = PacedOutputStream.UNLIMITED;
    rewriteLocations = true;
    bytesDown.set(0);
    return this;
  }

  /** Every request received since the start or the last {@link #reset()}, oldest first. */
  public List<RecordedRequest> requests() {
    synchronized (rules) {
      return List.copyOf(requests);
    }
  }

  /**
   * Received requests with this method ({@code "*"} for any) whose path matches {@code pathRegex}
   * entirely.
   */
  public List<RecordedRequest> requests(String method, String pathRegex) {
    return requests().stream()
        .filter(r -> method.equals("*") || r.method().equals(method))
        .filter(r -> r.path().matches(pathRegex))
        .toList();
  }

  /** Rules that have not yet applied all their times. */
  public int pendingRules() {
    synchronized (rules) {
      return rules.size();
    }
  }

  /** Bytes sent to clients so far (heads and bodies), across all connections. */
  public long bytesDown() {
    return bytesDown.get();
  }

  /** Closes the port and every open connection; a stalled request ends here. Idempotent. */
  @Override
  public void close() throws IOException {
    closed = true;
    server.close();
    for (Socket socket : sockets) {
      closeQuietly(socket);
    }
    threads.shutdownNow();
  }

  @Override
  public String toString() {
    return "FaultProxy[" + host() + " -> " + upstream.getPort() + "]";
  }

  private void acceptLoop() {
    while (!server.isClosed()) {
      Socket client;
      try {
        client = server.accept();
      } catch (IOException e) {
        return; // closed
      }
      try {
        client.setTcpNoDelay(true);
        track(client);
        PacedOutputStream out =
            new PacedOutputStream(client.getOutputStream(), () -> bytesPerSecond, bytesDown);
        threads.execute(new ProxyConnection(this, client, connections.incrementAndGet(), out));
      } catch (IOException | RuntimeException e) {
        release(client); // the client left already, or the proxy is closing
      }
    }
  }

  /** Records the request and picks the fault that applies to it, if any. */
  @Nullable Fault admit(HttpHead request, int connection) {
    String method = request.method();
    String path = pathOf(request.target());
    synchronized (rules) {
      Fault applied = null;
      for (Iterator<ActiveRule> it = rules.iterator(); it.hasNext(); ) {
        ActiveRule rule = it.next();
        if (!rule.fault.matches(method, path)) {
          continue;
        }
        if (rule.skipsLeft > 0) {
          rule.skipsLeft--;
          continue;
        }
        applied = rule.fault;
        if (rule.timesLeft != Integer.MAX_VALUE && --rule.timesLeft == 0) {
          it.remove();
        }
        break;
      }
      requests.add(
          new RecordedRequest(
              method,
              request.target(),
              request.toHttpHeaders(),
              Instant.now(),
              connection,
              applied));
      return applied;
    }
  }

  /** The path of an origin-form or absolute-form request target, without the query. */
  static String pathOf(String target) {
    String path = target;
    int scheme = path.indexOf("://");
    if (scheme > 0 && !path.startsWith("/")) {
      int slash = path.indexOf('/', scheme + 3);
      path = slash < 0 ? "/" : path.substring(slash);
    }
    int query = path.indexOf('?');
    return query < 0 ? path : path.substring(0, query);
  }

  String rewriteLocation(String location) {
    for (String origin : upstreamOrigins) {
      int end = origin.length();
      if (location.regionMatches(true, 0, origin, 0, end)
          && (location.length() == end || "/?#".indexOf(location.charAt(end)) >= 0)) {
        return "http://" + host() + location.substring(end);
      }
    }
    return location;
  }

  boolean rewritesLocations() {
    return rewriteLocations;
  }

  InetSocketAddress upstream() {
    return upstream;
  }

  <T> Future<T> submit(Callable<T> task) {
    return threads.submit(task);
  }

  void track(Socket socket) throws IOException {
    sockets.add(socket);
    if (closed) {
      release(socket);
      throw new IOException("fault proxy is closed");
    }
  }

  void release(Socket socket) {
    sockets.remove(socket);
    closeQuietly(socket);
  }

  private static void closeQuietly(Socket socket) {
    try {
      socket.close();
    } catch (IOException e) {
      // closing anyway
    }
  }

  /** A rule with its own counters; the {@link Fault} itself stays immutable. */
  private static final class ActiveRule {
    final Fault fault;
    int skipsLeft;
    int timesLeft;

    ActiveRule(Fault fault) {
      this.fault = fault;
      this.skipsLeft = fault.skipCount();
      this.timesLeft = fault.timesCount();
    }
  }
}
