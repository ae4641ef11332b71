package dev.ocipkg.testing;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/** One client connection written by hand, for what HttpClient will not send (e.g. a Host field). */
final class RawConnection implements AutoCloseable {
  private final Socket socket;
  private final InputStream in;
  private byte[] lastBody = new byte[0];

  RawConnection(FaultProxy proxy) throws IOException {
    this.socket = new Socket(InetAddress.getLoopbackAddress(), proxy.port());
    socket.setSoTimeout(10_000);
    this.in = new BufferedInputStream(socket.getInputStream());
  }

  /** Sends {@code request} as it is and reads one response; its body is in {@link #lastBody}. */
  HttpHead exchange(String request) throws IOException {
    socket.getOutputStream().write(request.getBytes(StandardCharsets.ISO_8859_1));
    socket.getOutputStream().flush();
    HttpHead response = HttpHead.readResponse(in);
    ByteArrayOutputStream body = new ByteArrayOutputStream();
    String method = request.substring(0, request.indexOf(' '));
    BodyCopier.plain().copy(in, body, BodyCopier.responseFraming(response, method), response);
    lastBody = body.toByteArray();
    return response;
  }

  byte[] lastBody() {
    return lastBody;
  }

  @Override
  public void close() throws IOException {
    socket.close();
  }
}
