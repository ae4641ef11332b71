package dev.ocipkg.internal.http;

import java.io.ByteArrayInputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;

/** The body of a response: a stream read once, and its declared length (-1 where unknown). */
public final class ResponseBody implements Closeable {
  private final InputStream stream;
  private final long contentLength;

  public ResponseBody(InputStream stream, long contentLength) {
    this.stream = stream;
    this.contentLength = contentLength;
  }

  /** No bytes. */
  public static ResponseBody empty() {
    return new ResponseBody(new ByteArrayInputStream(new byte[0]), 0);
  }

  public InputStream byteStream() {
    return stream;
  }

  /** The {@code Content-Length} the server declared, or -1. */
  public long contentLength() {
    return contentLength;
  }

  @Override
  public void close() {
    try {
      stream.close();
    } catch (IOException e) {
      // nothing more to read either way
    }
  }
}
