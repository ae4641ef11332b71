package dev.ocipkg.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;

/**
 * Picks a loopback port that is free right now. Another process may take it before the registry
 * binds it; {@link RegistryServer} detects that and retries with a new port.
 */
final class FreePorts {
  private FreePorts() {}

  static int pick() {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot open any loopback port", e);
    }
  }
}
