package dev.ocipkg.internal.http;

import java.io.IOException;
import java.net.Socket;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.jspecify.annotations.Nullable;

/**
 * What the {@link Watchdog} ends when an exchange's time is up: the socket being connected, then
 * the connection the request went out on. Closing it ends a connect, handshake, write or read in
 * progress on the exchange's thread, which then sees {@link #fired}.
 *
 * <p>Armed for one phase at a time (the upload, the head, the body). Its state changes only by
 * compare-and-set, so that a disarm and a firing that meet decide once: either the phase ended in
 * time and nothing is closed, or it fired and the caller learns so from {@link #disarm}.
 */
final class CutOff {
  private static final int IDLE = 0;
  private static final int FIRED = -1;

  /** IDLE, FIRED, or the generation of the arming in force (a positive number). */
  private final AtomicInteger state = new AtomicInteger(IDLE);

  private int generations;
  private volatile boolean upload;
  private volatile @Nullable Future<?> timer;
  private volatile @Nullable Socket connecting;
  private volatile @Nullable Connection connection;

  /**
   * Arms it to fire at {@code endNanos} ({@link System#nanoTime}); {@code upload} says that the
   * phase is a request body's, for the message. Does nothing once it has fired.
   */
  synchronized void armAt(long endNanos, boolean upload) {
    int generation = ++generations;
    if (state.compareAndSet(IDLE, generation)) {
      this.upload = upload;
      timer = Watchdog.runAt(new Shot(generation), endNanos);
    }
  }

  /** Ends the phase: true where it ended in time, false where it had fired. */
  boolean disarm() {
    int s = state.get();
    if (s == FIRED) {
      return false;
    }
    if (s != IDLE && !state.compareAndSet(s, IDLE)) {
      return false; // it fired meanwhile
    }
    Future<?> t = timer;
    if (t != null) {
      t.cancel(false);
    }
    return true;
  }

  boolean fired() {
    return state.get() == FIRED;
  }

  /** Whether it fired in a request body's phase. */
  boolean firedInUpload() {
    return fired() && upload;
  }

  /** Watches {@code socket} while it connects; closes it at once if the time is already up. */
  void watch(Socket socket) {
    connecting = socket;
    if (fired()) {
      closeQuietly(socket);
    }
  }

  void watch(Connection c) {
    connection = c;
    if (fired()) {
      c.close();
    }
  }

  private void fire() {
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

  /** One arming's firing: it closes only if that arming is still the one in force. */
  private final class Shot implements Runnable {
    private final int generation;

    Shot(int generation) {
      this.generation = generation;
    }

    @Override
    public void run() {
      if (state.compareAndSet(generation, FIRED)) {
        fire();
      }
    }
  }
}
