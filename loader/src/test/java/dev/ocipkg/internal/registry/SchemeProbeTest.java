package dev.ocipkg.internal.registry;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ocipkg.testing.HostileServer;
import dev.ocipkg.testing.TestCertificateAuthority;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/**
 * The probe's hand-written ClientHello: a TLS server (the JDK's) answers it with a TLS record, a
 * plain-http server with something else or by closing.
 */
class SchemeProbeTest {
  @Test
  void aTlsServerIsHttps() throws IOException {
    try (HostileServer tls =
        HostileServer.startTls(TestCertificateAuthority.create("probe test CA"))) {
      assertThat(SchemeProbe.schemeOf("127.0.0.1", tls.port())).isEqualTo("https");
      assertThat(SchemeProbe.schemeOf("localhost", tls.port())).isEqualTo("https");
    }
  }

  @Test
  void aPlainServerThatClosesOnAHelloIsHttp() throws IOException {
    try (HostileServer plain = HostileServer.start()) {
      assertThat(SchemeProbe.schemeOf("127.0.0.1", plain.port())).isEqualTo("http");
    }
  }

  @Test
  void aPlainServerThatAnswersHttpIsHttp() throws Exception {
    try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      Thread answering =
          new Thread(
              () -> {
                try (Socket client = server.accept()) {
                  OutputStream out = client.getOutputStream();
                  out.write(
                      "HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\n\r\n"
                          .getBytes(StandardCharsets.US_ASCII));
                  out.flush();
                } catch (IOException e) {
                  // the probe went away
                }
              });
      answering.start();

      assertThat(SchemeProbe.schemeOf("127.0.0.1", server.getLocalPort())).isEqualTo("http");
      answering.join();
    }
  }

  @Test
  void nothingListeningIsHttp() throws IOException {
    int port;
    try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      port = server.getLocalPort();
    }
    assertThat(SchemeProbe.schemeOf("127.0.0.1", port)).isEqualTo("http");
  }
}
