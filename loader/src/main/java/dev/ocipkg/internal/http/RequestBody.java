package dev.ocipkg.internal.http;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import org.jspecify.annotations.Nullable;

/**
 * The body of a request, of a known length, that can be read again from its start: a retried
 * request sends it anew.
 */
public abstract class RequestBody {
  /** The {@code Content-Type}, or null for none. */
  public abstract @Nullable String contentType();

  /** The length in bytes. */
  public abstract long contentLength();

  /** The bytes from the start, exactly {@link #contentLength} of them. */
  public abstract InputStream open() throws IOException;

  /** {@code bytes} as a body of type {@code contentType} (null for none). */
  public static RequestBody create(byte[] bytes, @Nullable String contentType) {
    byte[] copy = bytes.clone();
    return new RequestBody() {
      @Override
      public @Nullable String contentType() {
        return contentType;
      }

      @Override
      public long contentLength() {
        return copy.length;
      }

      @Override
      public InputStream open() {
        return new ByteArrayInputStream(copy);
      }
    };
  }
}
