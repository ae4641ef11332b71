package dev.ocipkg.testing;

import java.io.IOException;

/** skopeo exited with an error or timed out; the message has the command and its output. */
public final class SkopeoException extends IOException {
  private static final long serialVersionUID = 1L;

  private final int exitCode;
  private final String output;

  SkopeoException(String message, int exitCode, String output) {
    super(message);
    this.exitCode = exitCode;
    this.output = output;
  }

  /** The exit code, or -1 for a timeout. */
  public int exitCode() {
    return exitCode;
  }

  /** What skopeo printed on stderr, secrets redacted. */
  public String output() {
    return output;
  }
}
