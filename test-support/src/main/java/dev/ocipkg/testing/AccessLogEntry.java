package dev.ocipkg.testing;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * One request in the registry's access log, which Distribution writes in Apache combined format:
 * {@code 127.0.0.1 - - [28/Nov/2026:15:07:12 +0000] "GET /v2/a/b/blobs/sha256:… HTTP/1.1" 200 466
 * "" "skopeo/1.9.3"}.
 *
 * @param target the request target as logged: path plus query string, still URL-encoded
 * @param bytes response body bytes written, 0 when the log says {@code -}
 */
public record AccessLogEntry(
    Instant time,
    String method,
    String target,
    String protocol,
    int status,
    long bytes,
    String userAgent) {

  private static final Pattern COMBINED =
      Pattern.compile(
          "^\\S+ \\S+ \\S+ \\[([^\\]]+)\\] \"(\\S+) (\\S+) (\\S+)\" (\\d{3}) (\\d+|-) \"(?:[^\"\\\\]|\\\\.)*\" \"((?:[^\"\\\\]|\\\\.)*)\"$");
  private static final DateTimeFormatter TIME =
      DateTimeFormatter.ofPattern("dd/MMM/yyyy:HH:mm:ss Z", Locale.ROOT);

  /** The path without the query string. */
  public String path() {
    int query = target.indexOf('?');
    return query < 0 ? target : target.substring(0, query);
  }

  /** Parses one access line; other registry output (logrus lines) gives null. */
  static @Nullable AccessLogEntry parse(String line) {
    Matcher m = COMBINED.matcher(line);
    if (!m.matches()) {
      return null;
    }
    return new AccessLogEntry(
        OffsetDateTime.parse(m.group(1), TIME).toInstant(),
        m.group(2),
        m.group(3),
        m.group(4),
        Integer.parseInt(m.group(5)),
        m.group(6).equals("-") ? 0 : Long.parseLong(m.group(6)),
        m.group(7));
  }

  @Override
  public String toString() {
    return method + " " + target + " " + status + " " + bytes + " \"" + userAgent + "\"";
  }
}
