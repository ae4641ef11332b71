package dev.ocipkg.internal.http;

import java.io.IOException;
import java.net.ProtocolException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.jspecify.annotations.Nullable;

/**
 * The status line and header fields of an HTTP/1.x response, read under bounds: each line at most
 * {@value #MAX_LINE_BYTES} bytes, at most {@value #MAX_FIELDS} fields and {@value #MAX_HEAD_BYTES}
 * bytes in all, so that a server cannot hold a read or fill the heap with its head. Nothing of the
 * server's text reaches a message.
 */
final class ResponseHead {
  static final int MAX_LINE_BYTES = 16 * 1024;
  static final int MAX_FIELDS = 256;
  static final int MAX_HEAD_BYTES = 256 * 1024;

  private final int minorVersion;
  private final int code;
  private final List<String> headers; // name, value, name, value, …

  private ResponseHead(int minorVersion, int code, List<String> headers) {
    this.minorVersion = minorVersion;
    this.code = code;
    this.headers = headers;
  }

  /**
   * Reads one head from {@code in}, whole by {@code untilNanos} ({@link System#nanoTime}); {@code
   * origin} ({@code host:port}) names the server in errors.
   *
   * @throws ProtocolException if the stream ends before the head does ({@link NoAnswerException}
   *     before its first byte), or the head is not HTTP/1.x or breaks a bound
   */
  static ResponseHead read(WireInput in, String origin, long untilNanos) throws IOException {
    String status = in.readLine(MAX_LINE_BYTES, "the status line of " + origin, untilNanos);
    if (status == null) {
      throw new NoAnswerException(origin + " closed the connection without an answer");
    }
    int minor = versionOf(status);
    int code = minor < 0 ? -1 : codeOf(status);
    if (code < 0) {
      throw new ProtocolException(origin + " did not answer in HTTP");
    }
    List<String> headers = new ArrayList<>();
    long total = status.length();
    while (true) {
      String line = in.readLine(MAX_LINE_BYTES, "a header line of " + origin, untilNanos);
      if (line == null) {
        throw new ProtocolException("the connection to " + origin + " ended inside the headers");
      }
      if (line.isEmpty()) {
        return new ResponseHead(minor, code, headers);
      }
      total += line.length() + 2;
      if (total > MAX_HEAD_BYTES || headers.size() / 2 >= MAX_FIELDS) {
        throw new ProtocolException(
            origin
                + " sent response headers beyond the bound ("
                + MAX_FIELDS
                + " fields, "
                + MAX_HEAD_BYTES / 1024
                + " KiB)");
      }
      int colon = line.indexOf(':');
      if (colon <= 0 || !isToken(line, colon) || hasControl(line, colon + 1)) {
        // also a line folded onto the one before (obsolete, RFC 9112 5.2): a client may refuse it
        throw new ProtocolException(origin + " sent a malformed header line");
      }
      headers.add(line.substring(0, colon));
      headers.add(line.substring(colon + 1).strip());
    }
  }

  /** 0 or 1 for {@code HTTP/1.0} or {@code HTTP/1.1}; -1 for anything else. */
  private static int versionOf(String status) {
    if (status.length() < 12 || !status.startsWith("HTTP/1.") || status.charAt(8) != ' ') {
      return -1;
    }
    char minor = status.charAt(7);
    return minor == '0' ? 0 : minor == '1' ? 1 : -1;
  }

  /** The three-digit status code after the version, or -1. */
  private static int codeOf(String status) {
    int code = 0;
    for (int i = 9; i < 12; i++) {
      char c = status.charAt(i);
      if (c < '0' || c > '9') {
        return -1;
      }
      code = code * 10 + (c - '0');
    }
    if (status.length() > 12 && status.charAt(12) != ' ') {
      return -1;
    }
    return code >= 100 ? code : -1;
  }

  private static boolean isToken(String line, int end) {
    for (int i = 0; i < end; i++) {
      char c = line.charAt(i);
      boolean ok =
          (c >= 'a' && c <= 'z')
              || (c >= 'A' && c <= 'Z')
              || (c >= '0' && c <= '9')
              || "!#$%&'*+-.^_`|~".indexOf(c) >= 0;
      if (!ok) {
        return false;
      }
    }
    return true;
  }

  private static boolean hasControl(String line, int from) {
    for (int i = from; i < line.length(); i++) {
      char c = line.charAt(i);
      if ((c < 0x20 && c != '\t') || c == 0x7f) {
        return true;
      }
    }
    return false;
  }

  int code() {
    return code;
  }

  /** The fields as received: name, value, name, value. */
  List<String> headers() {
    return headers;
  }

  /** The last value of {@code name} (any case), or null. */
  @Nullable String header(String name) {
    return HeaderFields.last(headers, name);
  }

  /** Whether the server lets the connection carry another request after this response. */
  boolean keepsAlive() {
    String connection = header("Connection");
    boolean close = connection != null && connection.toLowerCase(Locale.ROOT).contains("close");
    return minorVersion == 1 && !close;
  }

  /** Whether the body comes in chunks ({@code Transfer-Encoding} ends with {@code chunked}). */
  boolean isChunked() {
    String encoding = header("Transfer-Encoding");
    return encoding != null && encoding.strip().toLowerCase(Locale.ROOT).endsWith("chunked");
  }

  /** Whether a transfer coding other than chunked frames the body: it then ends with the stream. */
  boolean hasOtherTransferCoding() {
    return header("Transfer-Encoding") != null && !isChunked();
  }

  /**
   * The declared {@code Content-Length}, or -1 where none is.
   *
   * @throws ProtocolException where it is not a number, or several disagree
   */
  long contentLength(String origin) throws ProtocolException {
    long length = -1;
    for (int i = 0; i < headers.size(); i += 2) {
      if (!headers.get(i).equalsIgnoreCase("Content-Length")) {
        continue;
      }
      for (String part : headers.get(i + 1).split(",", -1)) {
        long value = digits(part.strip());
        if (value < 0 || (length >= 0 && value != length)) {
          throw new ProtocolException(origin + " sent an invalid Content-Length");
        }
        length = value;
      }
    }
    return length;
  }

  private static long digits(String text) {
    if (text.isEmpty() || text.length() > 18) {
      return -1;
    }
    long value = 0;
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c < '0' || c > '9') {
        return -1;
      }
      value = value * 10 + (c - '0');
    }
    return value;
  }

  /** The stream ended where an answer should have begun: on a reused connection, sent again. */
  static final class NoAnswerException extends ProtocolException {
    private static final long serialVersionUID = 1L;

    NoAnswerException(String message) {
      super(message);
    }
  }
}
