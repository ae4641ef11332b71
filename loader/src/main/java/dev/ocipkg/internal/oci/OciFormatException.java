package dev.ocipkg.internal.oci;

import java.io.IOException;
import org.jspecify.annotations.Nullable;

/**
 * OCI JSON that cannot be used: not JSON, the wrong schema, a required field missing or of the
 * wrong type, a bad digest or size. The message says where the JSON came from, which field is wrong
 * and quotes the value. Like the JDK's {@code ZipException}, a defect in content read from outside;
 * unlike a dropped connection, fetching the same bytes again does not help.
 */
public final class OciFormatException extends IOException {
  private static final long serialVersionUID = 1L;

  public OciFormatException(String message) {
    super(message);
  }

  public OciFormatException(String message, @Nullable Throwable cause) {
    super(message, cause);
  }
}
