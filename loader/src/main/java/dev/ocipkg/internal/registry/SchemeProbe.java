package dev.ocipkg.internal.registry;

import dev.ocipkg.internal.io.DaemonThreads;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.security.GeneralSecurityException;
import java.security.cert.X509Certificate;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;

/**
 * Finds out whether a host that may use plain http (loopback, or named insecure) speaks TLS: one
 * TLS handshake with a short timeout. Anything that completes a handshake, or fails it the way only
 * a TLS server can (a certificate problem), is https; a server that answers garbage, closes, or
 * says nothing within the timeout is plain http. Some plain servers (the JDK's own) wait silently
 * on a TLS hello, so "try https and see" with the normal read timeout would hang.
 *
 * <p>The probe trusts nothing and sends no credentials: it only looks at the handshake. The real
 * connection then verifies the certificate as usual. The whole probe has a deadline ({@value
 * #DEADLINE_MILLIS} ms; the socket is closed under it then): the per-read timeout alone would let a
 * server that trickles its handshake one byte at a time hold the probe for hours.
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
      SSLContext context = SSLContext.getInstance("TLS");
      context.init(null, new TrustManager[] {new ObserveOnly()}, null);
      try (SSLSocket tls =
          (SSLSocket) context.getSocketFactory().createSocket(plain, hostName, port, false)) {
        tls.startHandshake();
        return "https";
      }
    } catch (SSLHandshakeException e) {
      return e.getCause() instanceof CertificateSeen ? "https" : "http";
    } catch (IOException | GeneralSecurityException e) {
      return "http";
    }
  }

  /** Ends the handshake as soon as the server shows a certificate: that is all the probe needs. */
  private static final class ObserveOnly implements X509TrustManager {
    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType) {}

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType)
        throws java.security.cert.CertificateException {
      throw new CertificateSeen();
    }

    @Override
    public X509Certificate[] getAcceptedIssuers() {
      return new X509Certificate[0];
    }
  }

  private static final class CertificateSeen extends java.security.cert.CertificateException {
    private static final long serialVersionUID = 1L;
  }
}
