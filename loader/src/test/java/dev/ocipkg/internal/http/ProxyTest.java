package dev.ocipkg.internal.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ocipkg.testing.HostileServer;
import dev.ocipkg.testing.HostileServer.Reply;
import dev.ocipkg.testing.TestCertificateAuthority;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ProtocolException;
import java.net.Proxy;
import java.net.ProxySelector;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Requests through the proxy the JVM's {@link ProxySelector} names, as {@code -Dhttps.proxyHost}
 * would: plain http in absolute form, https through a {@code CONNECT} tunnel with the origin's
 * certificate checked end to end. The proxy is a forward proxy of a few lines on loopback.
 */
class ProxyTest {
  private final ProxySelector before = ProxySelector.getDefault();
  private ForwardProxy proxy;

  @BeforeEach
  void start() throws IOException {
    proxy = new ForwardProxy();
    ProxySelector.setDefault(
        new ProxySelector() {
          @Override
          public List<Proxy> select(URI uri) {
            // unresolved, as the JDK's own selector names -Dhttps.proxyHost
            return List.of(new Proxy(Proxy.Type.HTTP, proxy.unresolvedAddress()));
          }

          @Override
          public void connectFailed(URI uri, SocketAddress address, IOException e) {}
        });
  }

  @AfterEach
  void stop() throws IOException {
    ProxySelector.setDefault(before);
    proxy.close();
  }

  /** The body of a GET of {@code url}, sent through whatever proxy the JVM's selector names. */
  private static String get(HttpExchanges http, String url) throws IOException {
    return HttpExchangesTest.readAll(http.execute(new Request.Builder().url(url).get().build()));
  }

  @Test
  void plainHttpGoesToTheProxyInAbsoluteForm() throws Exception {
    try (HostileServer server = HostileServer.start()) {
      server.on("GET", "/v2/", Reply.json("{}"));
      HttpExchanges http = new HttpExchanges(Duration.ofSeconds(5), Duration.ofSeconds(5), null);

      String body = get(http, "http://" + server.host() + "/v2/");

      assertThat(body).isEqualTo("{}");
      assertThat(proxy.requestLines())
          .containsExactly("GET http://" + server.host() + "/v2/ HTTP/1.1");
    }
  }

  @Test
  void httpsGoesThroughATunnelWithTheOriginsCertificateChecked() throws Exception {
    TestCertificateAuthority ca = TestCertificateAuthority.create("proxy test CA");
    try (HostileServer server = HostileServer.startTls(ca)) {
      server.on("GET", "/v2/", Reply.json("{\"tls\":true}"));
      HttpExchanges http =
          new HttpExchanges(Duration.ofSeconds(5), Duration.ofSeconds(5), ca.sslContext());

      String body = get(http, "https://" + server.host() + "/v2/");

      assertThat(body).isEqualTo("{\"tls\":true}");
      assertThat(proxy.requestLines()).containsExactly("CONNECT " + server.host() + " HTTP/1.1");
      assertThat(server.requestsTo("/v2/")).hasSize(1);
    }
  }

  /** A proxy that cannot be reached is reported to the selector, and the next one is tried. */
  @Test
  void aProxyThatCannotBeReachedIsReportedAndTheNextIsTried() throws Exception {
    int closedPort;
    try (ServerSocket closed = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      closedPort = closed.getLocalPort();
    }
    InetSocketAddress dead = new InetSocketAddress(InetAddress.getLoopbackAddress(), closedPort);
    List<SocketAddress> failed = new CopyOnWriteArrayList<>();
    ProxySelector.setDefault(
        new ProxySelector() {
          @Override
          public List<Proxy> select(URI uri) {
            return List.of(
                new Proxy(Proxy.Type.HTTP, dead),
                new Proxy(Proxy.Type.HTTP, proxy.unresolvedAddress()));
          }

          @Override
          public void connectFailed(URI uri, SocketAddress address, IOException e) {
            failed.add(address);
          }
        });
    try (HostileServer server = HostileServer.start()) {
      server.on("GET", "/v2/", Reply.json("{}"));
      HttpExchanges http = new HttpExchanges(Duration.ofSeconds(5), Duration.ofSeconds(5), null);

      String body = get(http, "http://" + server.host() + "/v2/");

      assertThat(body).isEqualTo("{}");
      assertThat(failed).containsExactly(dead);
      assertThat(proxy.requestLines()).hasSize(1);
    }
  }

  /** The JDK's own selector, configured as a user would on the command line. */
  @Test
  void theProxyOfTheJvmsSystemPropertiesIsUsed() throws Exception {
    ProxySelector.setDefault(before);
    String[] keys = {"http.proxyHost", "http.proxyPort"};
    String[] saved = new String[keys.length];
    for (int i = 0; i < keys.length; i++) {
      saved[i] = System.getProperty(keys[i]);
    }
    System.setProperty("http.proxyHost", "localhost");
    System.setProperty("http.proxyPort", String.valueOf(proxy.port()));
    try (HostileServer server = HostileServer.start()) {
      server.on("GET", "/v2/", Reply.json("{}"));
      HttpExchanges http = new HttpExchanges(Duration.ofSeconds(5), Duration.ofSeconds(5), null);
      // A name only the proxy knows (it takes *.invalid for loopback): the JDK's selector never
      // proxies loopback, and the client does not resolve what it sends through a proxy.
      String origin = "registry.example.invalid:" + server.port();

      String body = get(http, "http://" + origin + "/v2/");

      assertThat(body).isEqualTo("{}");
      assertThat(proxy.requestLines()).containsExactly("GET http://" + origin + "/v2/ HTTP/1.1");
    } finally {
      for (int i = 0; i < keys.length; i++) {
        if (saved[i] == null) {
          System.clearProperty(keys[i]);
        } else {
          System.setProperty(keys[i], saved[i]);
        }
      }
    }
  }

  @Test
  void aTunnelTheProxyRefusesFailsWithItsStatusAndNoCredentials() {
    proxy.refuseTunnels();
    HttpExchanges http = new HttpExchanges(Duration.ofSeconds(5), Duration.ofSeconds(5), null);

    assertThatThrownBy(
            () -> http.execute(new Request.Builder().url("https://127.0.0.1:9/v2/").get().build()))
        .isInstanceOf(ProtocolException.class)
        .hasMessage("the proxy refused a tunnel to 127.0.0.1:9: HTTP 407");
    assertThat(proxy.requestLines()).containsExactly("CONNECT 127.0.0.1:9 HTTP/1.1");
    assertThat(proxy.sawProxyAuthorization()).isFalse();
  }

  /** A forward proxy: CONNECT tunnels, and absolute-form requests passed on to their origin. */
  private static final class ForwardProxy implements AutoCloseable {
    private final ServerSocket socket = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    private final List<String> requestLines = new CopyOnWriteArrayList<>();
    private volatile boolean refuseTunnels;
    private volatile boolean sawProxyAuthorization;

    ForwardProxy() throws IOException {
      Thread accept = new Thread(this::accept, "forward-proxy");
      accept.setDaemon(true);
      accept.start();
    }

    InetSocketAddress unresolvedAddress() {
      return InetSocketAddress.createUnresolved("localhost", socket.getLocalPort());
    }

    int port() {
      return socket.getLocalPort();
    }

    List<String> requestLines() {
      return List.copyOf(requestLines);
    }

    boolean sawProxyAuthorization() {
      return sawProxyAuthorization;
    }

    void refuseTunnels() {
      refuseTunnels = true;
    }

    private void accept() {
      while (!socket.isClosed()) {
        try {
          Socket client = socket.accept();
          Thread t = new Thread(() -> serve(client), "forward-proxy-connection");
          t.setDaemon(true);
          t.start();
        } catch (IOException e) {
          return;
        }
      }
    }

    private void serve(Socket client) {
      try (client) {
        InputStream in = client.getInputStream();
        String requestLine = line(in);
        requestLines.add(requestLine);
        StringBuilder head = new StringBuilder();
        for (String h = line(in); !h.isEmpty(); h = line(in)) {
          sawProxyAuthorization |= h.toLowerCase().startsWith("proxy-authorization:");
          head.append(h).append("\r\n");
        }
        String[] parts = requestLine.split(" ");
        OutputStream out = client.getOutputStream();
        if (parts[0].equals("CONNECT")) {
          if (refuseTunnels) {
            out.write(
                "HTTP/1.1 407 Proxy Authentication Required\r\nProxy-Authenticate: Basic realm=\"p\"\r\nContent-Length: 0\r\n\r\n"
                    .getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            return;
          }
          String[] hostPort = parts[1].split(":");
          try (Socket upstream = new Socket(hostPort[0], Integer.parseInt(hostPort[1]))) {
            out.write(
                "HTTP/1.1 200 Connection established\r\n\r\n"
                    .getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            pipe(client, upstream, in);
          }
          return;
        }
        URI target = URI.create(parts[1]);
        try (Socket upstream = new Socket(loopbackFor(target.getHost()), target.getPort())) {
          String originForm =
              target.getRawPath()
                  + (target.getRawQuery() == null ? "" : "?" + target.getRawQuery());
          upstream
              .getOutputStream()
              .write(
                  (parts[0]
                          + " "
                          + originForm
                          + " "
                          + parts[2]
                          + "\r\n"
                          + head
                          + "Connection: close\r\n\r\n")
                      .getBytes(StandardCharsets.ISO_8859_1));
          pipe(client, upstream, in);
        }
      } catch (IOException e) {
        // a side went away
      }
    }

    /** Copies both ways until either side closes. */
    private static void pipe(Socket client, Socket upstream, InputStream fromClient)
        throws IOException {
      Thread up =
          new Thread(
              () -> {
                try {
                  fromClient.transferTo(upstream.getOutputStream());
                } catch (IOException e) {
                  // closed
                }
              });
      up.setDaemon(true);
      up.start();
      upstream.getInputStream().transferTo(client.getOutputStream());
    }

    /** Names under {@code .invalid} stand for loopback here. */
    private static String loopbackFor(String host) {
      return host.endsWith(".invalid") ? "127.0.0.1" : host;
    }

    private static String line(InputStream in) throws IOException {
      StringBuilder s = new StringBuilder();
      for (int b = in.read(); b >= 0 && b != '\n'; b = in.read()) {
        if (b != '\r') {
          s.append((char) b);
        }
      }
      return s.toString();
    }

    @Override
    public void close() throws IOException {
      socket.close();
    }
  }
}
