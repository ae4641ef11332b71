package dev.ocipkg.internal.http;

import java.io.IOException;
import java.net.Socket;
import org.jspecify.annotations.Nullable;

/**
 * What the {@link Watchdog} ends when an exchange's time is up: the socket being connected, then
 * the connection the request went out on. Closing it ends a connect, handshake, write or read in
 * progress on the exchange's thread, which then sees {@link #fired}.
 */
final class CutOff implements Runnable {
  private volatile boolean fired;
  private volatile @Nullable Socket connecting;
  private volatile @Nullable Connection connection;

  /** Watches {@code socket} while it connects; closes it at once if the time is already up. */
  void watch(Socket socket) {
    connecting = socket;
    if (fired) {
      closeQuietly(socket);
    }
  }

  void watch(Connection c) {
    connection = c;
    if (fired) {
      c.close();
    }
  }

  boolean fired() {
    return fired;
  }

  @Override
  public void run() {
    fired = true;
    Socket s = connecting;
    if (s != null) {
      closeQuietly(s);
    }
    Connection c = connection;
    if (c != null) {
      c.close();
    }
  }

  private static void closeQuietly(Socket s) {
    try {
      s.close();
    } catch (IOException e) {
      // closed either way
    }
  }
}
