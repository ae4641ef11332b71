package dev.ocipkg.testing;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.net.http.HttpHeaders;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.UnaryOperator;
import org.jspecify.annotations.Nullable;

/**
 * The start line and header fields of one HTTP/1.1 message as {@link FaultProxy} reads it off the
 * wire, kept in order and editable, so the proxy can forward it with only the changes it means to
 * make. Header bytes are ISO-8859-1, as RFC 9110 allows.
 */
final class HttpHead {
  private static final int MAX_LINE = 64 * 1024;
  private static final int MAX_FIELDS = 256;

  private final String startLine;
  private final List<String> names = new ArrayList<>();
  private final List<String> values = new ArrayList<>();

  private HttpHead(String startLine) {
    this.startLine = startLine;
  }

  /** A request head, or null when the peer closed the connection before sending a byte of it. */
  static @Nullable HttpHead readRequest(InputStream in) throws IOException {
    HttpHead head = read(in);
    if (head != null && head.startLine.split(" ", -1).length != 3) {
      throw new IOException("not an HTTP request line: \"" + head.startLine + "\"");
    }
    return head;
  }

  /** A response head; the peer closing before it is an error. */
  static HttpHead readResponse(InputStream in) throws IOException {
    HttpHead head = read(in);
    if (head == null) {
      throw new EOFException("the upstream server closed the connection without an answer");
    }
    head.status(); // validates
    return head;
  }

  static HttpHead response(int status, String reason) {
    return new HttpHead("HTTP/1.1 " + status + " " + reason);
  }

  private static @Nullable HttpHead read(InputStream in) throws IOException {
    String start = readLine(in);
    // RFC 9112 section 2.2: a server ignores empty lines received before the request line.
    while (start != null && start.isEmpty()) {
      start = readLine(in);
    }
    if (start == null) {
      return null;
    }
    HttpHead head = new HttpHead(start);
    while (true) {
      String line = readLine(in);
      if (line == null) {
        throw new EOFException("connection closed inside the header of \"" + start + "\"");
      }
      if (line.isEmpty()) {
        return head;
      }
      int last = head.values.size() - 1;
      if ((line.charAt(0) == ' ' || line.charAt(0) == '\t') && last >= 0) {
        head.values.set(last, head.values.get(last) + " " + line.trim()); // obsolete line folding
        continue;
      }
      int colon = line.indexOf(':');
      if (colon <= 0) {
        throw new IOException("malformed header line \"" + line + "\" after \"" + start + "\"");
      }
      if (head.names.size() >= MAX_FIELDS) {
        throw new IOException("more than " + MAX_FIELDS + " header fields after \"" + start + "\"");
      }
      head.add(line.substring(0, colon).trim(), line.substring(colon + 1).trim());
    }
  }

  /**
   * One line without its CRLF (a bare LF is accepted), or null at end of stream before any byte.
   */
  static @Nullable String readLine(InputStream in) throws IOException {
    StringBuilder line = new StringBuilder();
    for (int b; (b = in.read()) >= 0; ) {
      if (b == '\n') {
        int end = line.length();
        return end > 0 && line.charAt(end - 1) == '\r'
            ? line.substring(0, end - 1)
            : line.toString();
      }
      if (line.length() >= MAX_LINE) {
        throw new IOException("line longer than " + MAX_LINE + " bytes");
      }
      line.append((char) b);
    }
    if (line.length() == 0) {
      return null;
    }
    throw new EOFException("connection closed in the middle of the line \"" + line + "\"");
  }

  static String requireLine(InputStream in) throws IOException {
    String line = readLine(in);
    if (line == null) {
      throw new EOFException("connection closed where a line was expected");
    }
    return line;
  }

  String startLine() {
    return startLine;
  }

  String method() {
    return startLine.substring(0, startLine.indexOf(' '));
  }

  /** The request target as sent: origin form {@code /v2/…?query} or absolute form. */
  String target() {
    return startLine.substring(startLine.indexOf(' ') + 1, startLine.lastIndexOf(' '));
  }

  String version() {
    return startLine.substring(startLine.lastIndexOf(' ') + 1);
  }

  int status() throws IOException {
    String[] parts = startLine.split(" ", 3);
    if (parts.length < 2 || !parts[0].startsWith("HTTP/") || !parts[1].matches("[1-5][0-9][0-9]")) {
      throw new IOException("not an HTTP status line: \"" + startLine + "\"");
    }
    return Integer.parseInt(parts[1]);
  }

  /** A request that lets the connection carry another one after its response. */
  boolean keepAlive() {
    if (version().equals("HTTP/1.1")) {
      return !hasToken("Connection", "close");
    }
    return version().equals("HTTP/1.0") && hasToken("Connection", "keep-alive");
  }

  @Nullable String first(String name) {
    for (int i = 0; i < names.size(); i++) {
      if (names.get(i).equalsIgnoreCase(name)) {
        return values.get(i);
      }
    }
    return null;
  }

  /** Whether a comma-separated field such as {@code Connection} lists {@code token}. */
  boolean hasToken(String name, String token) {
    for (int i = 0; i < names.size(); i++) {
      if (names.get(i).equalsIgnoreCase(name)) {
        for (String listed : values.get(i).split(",")) {
          if (listed.trim().equalsIgnoreCase(token)) {
            return true;
          }
        }
      }
    }
    return false;
  }

  /** Whether the body is chunked: {@code chunked} is the last transfer coding (RFC 9112 6.3). */
  boolean chunked() {
    String last = null;
    for (int i = 0; i < names.size(); i++) {
      if (names.get(i).equalsIgnoreCase("Transfer-Encoding")) {
        String[] codings = values.get(i).split(",");
        last = codings[codings.length - 1].trim();
      }
    }
    return last != null && last.equalsIgnoreCase("chunked");
  }

  /** The {@code Content-Length}, or -1 without one. */
  long contentLength() throws IOException {
    long length = -1;
    for (int i = 0; i < names.size(); i++) {
      if (names.get(i).equalsIgnoreCase("Content-Length")) {
        long value;
        try {
          value = Long.parseLong(values.get(i).split(",")[0].trim());
        } catch (NumberFormatException e) {
          throw new IOException("bad Content-Length \"" + values.get(i) + "\" in " + startLine);
        }
        if (value < 0 || (length >= 0 && value != length)) {
          throw new IOException("bad Content-Length \"" + values.get(i) + "\" in " + startLine);
        }
        length = value;
      }
    }
    return length;
  }

  void add(String name, String value) {
    names.add(name);
    values.add(value);
  }

  void removeAll(String name) {
    for (int i = names.size() - 1; i >= 0; i--) {
      if (names.get(i).equalsIgnoreCase(name)) {
        names.remove(i);
        values.remove(i);
      }
    }
  }

  void replaceValues(String name, UnaryOperator<String> change) {
    for (int i = 0; i < names.size(); i++) {
      if (names.get(i).equalsIgnoreCase(name)) {
        values.set(i, change.apply(values.get(i)));
      }
    }
  }

  /**
   * Drops the fields that belong to one connection (RFC 9110 7.6.1): those {@code Connection}
   * names, {@code Connection} itself, {@code Keep-Alive} and {@code Proxy-Connection}. {@code
   * Transfer-Encoding} stays: the proxy relays chunked framing as it is.
   */
  void removeHopByHop() {
    List<String> listed = new ArrayList<>();
    for (int i = 0; i < names.size(); i++) {
      if (names.get(i).equalsIgnoreCase("Connection")) {
        for (String token : values.get(i).split(",")) {
          String name = token.trim();
          if (!name.isEmpty() && !name.equalsIgnoreCase("Transfer-Encoding")) {
            listed.add(name);
          }
        }
      }
    }
    listed.forEach(this::removeAll);
    removeAll("Connection");
    removeAll("Keep-Alive");
    removeAll("Proxy-Connection");
  }

  HttpHead copy() {
    HttpHead copy = new HttpHead(startLine);
    copy.names.addAll(names);
    copy.values.addAll(values);
    return copy;
  }

  HttpHeaders toHttpHeaders() {
    Map<String, List<String>> map = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
    for (int i = 0; i < names.size(); i++) {
      map.computeIfAbsent(names.get(i), n -> new ArrayList<>()).add(values.get(i));
    }
    return HttpHeaders.of(map, (name, value) -> true);
  }

  /** The head as sent on the wire, blank line included. */
  byte[] bytes() {
    StringBuilder text = new StringBuilder(startLine).append("\r\n");
    for (int i = 0; i < names.size(); i++) {
      text.append(names.get(i)).append(": ").append(values.get(i)).append("\r\n");
    }
    text.append("\r\n");
    return text.toString().getBytes(StandardCharsets.ISO_8859_1);
  }

  @Override
  public String toString() {
    return startLine;
  }
}
