package dev.ocipkg.internal.http;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketException;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;

/**
 * One TCP connection (TLS over it for https), owned by this package: its reads are bounded by the
 * socket's timeout (and over TLS by the clock too, {@link ClockedInput}), and {@link #close} from
 * any thread ends a read or write in progress at once, by closing the TCP socket under any TLS
 * layer.
 */
final class Connection {
  private final Socket tcp;
  private final Socket socket; // tcp itself, or the TLS socket over it
  private final String poolKey;
  private final boolean viaHttpProxy;
  private final WireInput in;
  private final @Nullable ClockedInput clocked; // TLS only
  private final OutputStream out;
  private volatile boolean closed;
  private long idleSince;

  /**
   * @param viaHttpProxy whether requests go to an HTTP proxy as they are (plain http through a
   *     proxy: the request target is the whole URL)
   */
  Connection(Socket tcp, Socket socket, String poolKey, boolean viaHttpProxy, int readTimeoutMillis)
      throws IOException {
    this.tcp = tcp;
    this.socket = socket;
    this.poolKey = poolKey;
    this.viaHttpProxy = viaHttpProxy;
    this.clocked =
        socket == tcp
            ? null
            : new ClockedInput(socket.getInputStream(), this::close, nanos(readTimeoutMillis));
    this.in = new WireInput(clocked != null ? clocked : socket.getInputStream());
    this.out = new BufferedOutputStream(socket.getOutputStream(), 16 * 1024);
  }

  /** Which requests may share this connection: same scheme, host, port and proxy. */
  String poolKey() {
    return poolKey;
  }

  boolean viaHttpProxy() {
    return viaHttpProxy;
  }

  WireInput in() {
    return in;
  }

  OutputStream out() {
    return out;
  }

  /** The timeout of each read from now on, in milliseconds (at least 1: 0 would be none). */
  void readTimeout(int millis) throws SocketException {
    socket.setSoTimeout(Math.max(1, millis));
    if (clocked != null) {
      clocked.timeoutNanos(nanos(millis));
    }
  }

  private static long nanos(int millis) {
    return TimeUnit.MILLISECONDS.toNanos(Math.max(1, millis));
  }

  void idleSince(long nanos) {
    idleSince = nanos;
  }

  long idleSince() {
    return idleSince;
  }

  /**
   * Whether it can carry another request: open, and nothing arrived that no one asked for (bytes
   * buffered here, or for plain TCP waiting in the socket: they would be read as the next answer).
   */
  boolean isReusable() {
    if (closed || socket.isClosed() || socket.isInputShutdown() || in.hasBuffered()) {
      return false;
    }
    try {
      return socket != tcp || tcp.getInputStream().available() == 0;
    } catch (IOException e) {
      return false;
    }
  }

  /** Closes it; a read or write in progress on another thread ends with an exception. */
  void close() {
    closed = true;
    try {
      tcp.close(); // first: a TLS close would try to send a close_notify, which may block
    } catch (IOException e) {
      // closed either way
    }
    if (socket != tcp) {
      try {
        socket.close();
      } catch (IOException e) {
        // closed either way
      }
    }
  }

  boolean isClosed() {
    return closed;
  }
}
