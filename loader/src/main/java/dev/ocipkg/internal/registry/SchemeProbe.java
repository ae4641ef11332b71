package dev.ocipkg.internal.registry;

import dev.ocipkg.internal.io.DaemonThreads;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;

/**
 * Finds out whether a host that may use plain http (loopback, or named insecure) speaks TLS: a TLS
 * ClientHello ({@link TlsClientHello}) on a connection of its own, with a short timeout. A server
 * whose answer begins with a TLS record (its ServerHello, or an alert) is https; a server that
 * answers anything else, closes, or says nothing within the timeout is plain http. Some plain
 * servers (the JDK's own) wait silently on a TLS hello, so "try https and see" with the normal read
 * timeout would hang.
 *
 * <p>The probe reads the first two bytes of the answer and no more: it sends no credentials, makes
 * no TLS session and loads none of the JDK's TLS stack (which would cost a fresh JVM hundreds of
 * classes). The real connection then makes the handshake and verifies the certificate as usual. The
 * whole probe has a deadline ({@value #DEADLINE_MILLIS} ms; the socket is closed under it then):
 * the per-read timeout alone would let a server that trickles its handshake one byte at a time hold
 * the probe for hours.
 */
final class SchemeProbe {
  private static final int TIMEOUT_MILLIS = 2000;
  private static final int DEADLINE_MILLIS = 5000;
  private static final DaemonThreads WATCHDOGS = new DaemonThreads("ocipkg-probe-deadline");

  private SchemeProbe() {}

  /** {@code https} or {@code http} for {@code hostName:port}. */
  static String schemeOf(String hostName, int port) {
    try (Socket plain = new Socket()) {
      Thread watchdog = WATCHDOGS.newThread(() -> closeAfterDeadline(plain));
      watchdog.start();
      try {
        return handshake(plain, hostName, port);
      } finally {
        watchdog.interrupt();
      }
    } catch (IOException e) {
      return "http";
    }
  }

  private static void closeAfterDeadline(Socket socket) {
    try {
      Thread.sleep(DEADLINE_MILLIS);
      socket.close(); // the handshake in flight fails: taken as plain http, then really tried
    } catch (InterruptedException | IOException e) {
      // the probe ended in time
    }
  }

  private static String handshake(Socket plain, String hostName, int port) {
    try {
      plain.connect(new InetSocketAddress(hostName, port), TIMEOUT_MILLIS);
      plain.setSoTimeout(TIMEOUT_MILLIS);
      OutputStream out = plain.getOutputStream();
      out.write(TlsClientHello.record(hostName));
      out.flush();
      byte[] reply = plain.getInputStream().readNBytes(2);
      return reply.length == 2 && TlsClientHello.isTlsRecord(reply[0] & 0xff, reply[1] & 0xff)
          ? "https"
          : "http";
    } catch (IOException e) {
      return "http";
    }
  }
}
