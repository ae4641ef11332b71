package dev.ocipkg.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A loopback TCP proxy placed between a client and a real registry, to bring about what a real
 * registry will not do on demand. Today it can slow the responses down (to catch a download in the
 * middle); the registry client's tests add faults (cut connections, error statuses, flipped bytes).
 */
public final class FaultProxy implements AutoCloseable {
  private final ServerSocket server;
  private final InetSocketAddress upstream;
  private final ExecutorService threads =
      Executors.newCachedThreadPool(
          r -> {
            Thread t = new Thread(r, "fault-proxy");
            t.setDaemon(true);
            return t;
          });
  private final List<Socket> sockets = new CopyOnWriteArrayList<>();
  private final AtomicLong bytesDown = new AtomicLong();
  private volatile long bytesPerSecond = Long.MAX_VALUE;

  private FaultProxy(InetSocketAddress upstream) throws IOException {
    this.upstream = upstream;
    this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    threads.execute(this::acceptLoop);
  }

  /** A proxy on a free loopback port in front of {@code registry}. */
  public static FaultProxy inFrontOf(RegistryServer registry) throws IOException {
    return new FaultProxy(new InetSocketAddress(InetAddress.getLoopbackAddress(), registry.port()));
  }

  /** {@code 127.0.0.1:PORT} of the proxy, to use in references instead of the registry's host. */
  public String host() {
    return "127.0.0.1:" + server.getLocalPort();
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

  /** Bytes sent from the registry to clients so far. */
  public long bytesDown() {
    return bytesDown.get();
  }

  private void acceptLoop() {
    while (!server.isClosed()) {
      try {
        Socket client = server.accept();
        Socket registry = new Socket(upstream.getAddress(), upstream.getPort());
        sockets.add(client);
        sockets.add(registry);
        threads.execute(() -> pump(client, registry, false));
        threads.execute(() -> pump(registry, client, true));
      } catch (IOException e) {
        return; // closed
      }
    }
  }

  private void pump(Socket from, Socket to, boolean down) {
    byte[] buffer = new byte[16 * 1024];
    long started = System.nanoTime();
    long sent = 0;
    try (InputStream in = from.getInputStream();
        OutputStream out = to.getOutputStream()) {
      int n;
      while ((n = in.read(buffer, 0, down ? chunk() : buffer.length)) >= 0) {
        out.write(buffer, 0, n);
        out.flush();
        if (down) {
          bytesDown.addAndGet(n);
          sent += n;
          pace(started, sent);
        }
      }
    } catch (IOException e) {
      // one side closed: close the other below
    } finally {
      closeQuietly(from);
      closeQuietly(to);
    }
  }

  private int chunk() {
    long rate = bytesPerSecond;
    return rate == Long.MAX_VALUE ? 16 * 1024 : (int) Math.max(1, Math.min(16 * 1024, rate / 20));
  }

  private void pace(long startedNanos, long sent) {
    long rate = bytesPerSecond;
    if (rate == Long.MAX_VALUE) {
      return;
    }
    long dueNanos = startedNanos + sent * 1_000_000_000L / rate;
    long wait = dueNanos - System.nanoTime();
    if (wait > 0) {
      try {
        Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  private static void closeQuietly(Socket s) {
    try {
      s.close();
    } catch (IOException e) {
      // closing anyway
    }
  }

  @Override
  public void close() throws IOException {
    server.close();
    for (Socket s : sockets) {
      closeQuietly(s);
    }
    threads.shutdownNow();
  }
}
