package dev.ocipkg.internal.http;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ProtocolException;
import java.net.Proxy;
import java.net.ProxySelector;
import java.net.Socket;
import java.net.SocketAddress;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.security.NoSuchAlgorithmException;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import org.jspecify.annotations.Nullable;

/**
 * Opens connections: straight to the host, or through the proxy that the JVM's {@link
 * ProxySelector} names for the URL (an HTTP proxy, with a {@code CONNECT} tunnel for https, or
 * SOCKS), then TLS for https with the host name checked against the certificate. Nothing answers an
 * HTTP proxy's challenge. (A SOCKS proxy that asks for a user name and password gets what the
 * application's default {@code Authenticator} gives it: the JDK's SOCKS code asks that one.)
 */
final class Connector {
  private final @Nullable SSLContext tls;

  /** The TLS context for https, or null for the JDK's default, made on the first https request. */
  Connector(@Nullable SSLContext tls) {
    this.tls = tls;
  }

  /** The pool key of requests to {@code url}: where they go, and through which proxy. */
  static String poolKey(HttpUrl url, Proxy proxy) {
    return url.scheme()
        + "://"
        + url.hostAndPort()
        + (proxy.type() == Proxy.Type.DIRECT ? "" : " via " + proxy);
  }

  /** The proxies for {@code url}, in the order the JVM's selector names them; none is direct. */
  static List<Proxy> proxiesFor(HttpUrl url) {
    ProxySelector selector = ProxySelector.getDefault();
    List<Proxy> proxies = selector == null ? null : selector.select(url.toUri());
    return proxies == null || proxies.isEmpty() ? List.of(Proxy.NO_PROXY) : proxies;
  }

  /**
   * A new connection to {@code url}'s origin through the first of {@code proxies} that can be
   * reached; one that cannot is reported to the JVM's selector, as the JDK's clients do. Each
   * connect attempt waits at most {@code connectMillis}; the TLS handshake and a tunnel's answer,
   * {@code readMillis} per read. {@code cut} can end it at any step.
   */
  Connection open(HttpUrl url, List<Proxy> proxies, int connectMillis, int readMillis, CutOff cut)
      throws IOException {
    IOException failure = null;
    for (Proxy proxy : proxies) {
      Socket tcp;
      try {
        tcp = connect(url, proxy, connectMillis, cut);
      } catch (IOException e) {
        if (cut.fired()) {
          throw e;
        }
        ProxySelector selector = ProxySelector.getDefault();
        if (proxy.type() != Proxy.Type.DIRECT && selector != null) {
          selector.connectFailed(url.toUri(), proxy.address(), e);
        }
        if (failure == null) {
          failure = e;
        } else {
          failure.addSuppressed(e);
        }
        continue;
      }
      return over(tcp, url, proxy, readMillis);
    }
    throw failure != null ? failure : new IOException("no way to " + url.hostAndPort());
  }

  /** The connection over {@code tcp}: a tunnel through an HTTP proxy for https, then TLS. */
  private Connection over(Socket tcp, HttpUrl url, Proxy proxy, int readMillis) throws IOException {
    try {
      tcp.setSoTimeout(Math.max(1, readMillis));
      tcp.setTcpNoDelay(true);
      if (proxy.type() == Proxy.Type.HTTP && url.isHttps()) {
        tunnel(tcp, url, TimeUnit.MILLISECONDS.toNanos(readMillis));
      }
      Socket socket = url.isHttps() ? handshake(tcp, url, readMillis) : tcp;
      return new Connection(
          tcp,
          socket,
          poolKey(url, proxy),
          proxy.type() == Proxy.Type.HTTP && !url.isHttps(),
          readMillis);
    } catch (IOException | RuntimeException e) {
      tcp.close();
      throw e;
    }
  }

  private static Socket connect(HttpUrl url, Proxy proxy, int connectMillis, CutOff cut)
      throws IOException {
    if (proxy.type() != Proxy.Type.DIRECT) {
      // A SOCKS proxy's name resolved here too: the JDK's SOCKS code would look it up itself,
      // without a time limit.
      Socket s =
          proxy.type() == Proxy.Type.SOCKS
              ? new Socket(
                  new Proxy(Proxy.Type.SOCKS, resolved(proxy.address(), connectMillis, cut)))
              : new Socket();
      cut.watch(s);
      SocketAddress target =
          proxy.type() == Proxy.Type.SOCKS
              ? InetSocketAddress.createUnresolved(url.host(), url.port())
              : resolved(proxy.address(), connectMillis, cut);
      connectOrClose(s, target, connectMillis);
      return s;
    }
    IOException failure = null;
    for (InetAddress address :
        HostLookup.addresses(url.host(), connectMillis, cut, HostLookup.SYSTEM)) {
      Socket s = new Socket();
      cut.watch(s);
      try {
        connectOrClose(s, new InetSocketAddress(address, url.port()), connectMillis);
        return s;
      } catch (IOException e) {
        if (cut.fired()) {
          throw e;
        }
        if (failure == null) {
          failure = e;
        } else {
          failure.addSuppressed(e);
        }
      }
    }
    throw failure != null ? failure : new IOException("no address for " + url.host());
  }

  /**
   * The proxy's address, resolved (through {@link HostLookup}, within the connect timeout): the
   * JDK's selector names {@code -Dhttps.proxyHost} unresolved, which a plain socket refuses to
   * connect to.
   */
  private static SocketAddress resolved(SocketAddress address, int connectMillis, CutOff cut)
      throws IOException {
    if (address instanceof InetSocketAddress a && a.isUnresolved()) {
      InetAddress[] found =
          HostLookup.addresses(a.getHostString(), connectMillis, cut, HostLookup.SYSTEM);
      return new InetSocketAddress(found[0], a.getPort());
    }
    return address;
  }

  private static SocketTimeoutException handshakeTimedOut(HttpUrl url) {
    return new SocketTimeoutException(
        "the TLS handshake with " + url.hostAndPort() + " did not end in time");
  }

  private static void connectOrClose(Socket s, SocketAddress target, int millis)
      throws IOException {
    try {
      s.connect(target, Math.max(1, millis));
    } catch (IOException | RuntimeException e) {
      s.close();
      throw e;
    }
  }

  /** Asks an HTTP proxy for a tunnel to {@code url}'s origin (RFC 9110, 9.3.6). */
  private static void tunnel(Socket proxy, HttpUrl url, long readNanos) throws IOException {
    String authority = url.authority(true);
    OutputStream out = proxy.getOutputStream();
    out.write(
        ("CONNECT "
                + authority
                + " HTTP/1.1\r\nHost: "
                + authority
                + "\r\n"
                + "User-Agent: "
                + HttpExchanges.USER_AGENT
                + "\r\n\r\n")
            .getBytes(StandardCharsets.ISO_8859_1));
    out.flush();
    // Read byte by byte, so that nothing of the tunnel's first TLS bytes is taken with the head.
    WireInput in = new WireInput(new OneByteAtATime(proxy.getInputStream()));
    ResponseHead head =
        ResponseHead.read(
            in, "the proxy for " + url.hostAndPort(), System.nanoTime() + 2 * readNanos);
    if (head.code() < 200 || head.code() > 299) {
      throw new ProtocolException(
          "the proxy refused a tunnel to " + url.hostAndPort() + ": HTTP " + head.code());
    }
  }

  /**
   * TLS over {@code tcp}, the handshake within two read timeouts by the clock: the socket's own
   * timeout is per record, and a server could send records without end.
   */
  private Socket handshake(Socket tcp, HttpUrl url, int readMillis) throws IOException {
    SSLContext context;
    try {
      context = tls != null ? tls : SSLContext.getDefault();
    } catch (NoSuchAlgorithmException e) {
      throw new IOException("this JVM has no default TLS context: " + e.getMessage(), e);
    }
    SSLSocket socket =
        (SSLSocket) context.getSocketFactory().createSocket(tcp, url.host(), url.port(), true);
    SSLParameters parameters = socket.getSSLParameters();
    parameters.setEndpointIdentificationAlgorithm("HTTPS"); // the certificate must name the host
    socket.setSSLParameters(parameters);
    CutOff guard = new CutOff();
    guard.watch(tcp);
    guard.armAt(System.nanoTime() + 2 * TimeUnit.MILLISECONDS.toNanos(readMillis), false);
    try {
      socket.startHandshake();
    } catch (IOException e) {
      throw guard.disarm() ? e : handshakeTimedOut(url);
    }
    if (!guard.disarm()) { // it fired as the handshake ended: the socket is closed
      throw handshakeTimedOut(url);
    }
    return socket;
  }

  /** A stream that reads one byte per call: a tunnel's head must not take the bytes after it. */
  private static final class OneByteAtATime extends java.io.FilterInputStream {
    OneByteAtATime(java.io.InputStream in) {
      super(in);
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      if (len == 0) {
        return 0;
      }
      int c = in.read();
      if (c < 0) {
        return -1;
      }
      b[off] = (byte) c;
      return 1;
    }
  }
}
