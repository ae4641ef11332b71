package dev.ocipkg.internal.registry;

import dev.ocipkg.internal.http.Response;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * Reads the body of an error response for its OCI error code and message, bounded in bytes and in
 * time: the body is a courtesy of the server, and a hostile one may send it forever.
 */
final class ErrorBodies {
  /** OCI error bodies are a few hundred bytes; the limit leaves room for verbose ones. */
  static final int MAX_BYTES = 64 * 1024;

  private ErrorBodies() {}

  /**
   * What the body holds within {@link #MAX_BYTES} and {@code patience} (between reads, each of
   * which the read timeout bounds); what arrived by then, or nothing, if the server is slower.
   */
  static String read(Response response, Duration patience) {
    long end = System.nanoTime() + patience.toNanos();
    byte[] bytes = new byte[MAX_BYTES];
    int n = 0;
    try (InputStream in = response.body().byteStream()) {
      while (n < bytes.length && System.nanoTime() - end < 0) {
        int read = in.read(bytes, n, bytes.length - n);
        if (read < 0) {
          break;
        }
        n += read;
      }
    } catch (IOException e) {
      // the status alone must do
    }
    return new String(bytes, 0, n, StandardCharsets.UTF_8);
  }
}
