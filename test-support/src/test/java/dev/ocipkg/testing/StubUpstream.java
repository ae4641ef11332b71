package dev.ocipkg.testing;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A server that answers every request with the same raw bytes and closes: framings the real
 * registry does not produce (chunked with trailers, close-delimited), and a view of the request
 * heads the proxy forwards.
 */
final class StubUpstream implements AutoCloseable {
  private final ServerSocket server;
  private final byte[] response;
  private final List<HttpHead> received = new CopyOnWriteArrayList<>();

  StubUpstream(String response) throws IOException {
    this.response = response.getBytes(StandardCharsets.ISO_8859_1);
    this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    Thread acceptor = new Thread(this::serve, "stub-upstream");
    acceptor.setDaemon(true);
    acceptor.start();
  }

  InetSocketAddress address() {
    return new InetSocketAddress(InetAddress.getLoopbackAddress(), server.getLocalPort());
  }

  List<HttpHead> received() {
    return received;
  }

  private void serve() {
    while (!server.isClosed()) {
      try (Socket socket = server.accept()) {
        HttpHead request = HttpHead.readRequest(new BufferedInputStream(socket.getInputStream()));
        if (request != null) {
          received.add(request);
          socket.getOutputStream().write(response);
        }
      } catch (IOException e) {
        // closed, or a client that went away
      }
    }
  }

  @Override
  public void close() throws IOException {
    server.close();
  }
}
