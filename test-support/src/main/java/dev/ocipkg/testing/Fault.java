package dev.ocipkg.testing;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import org.jspecify.annotations.Nullable;

/**
 * One misbehaviour for {@link FaultProxy}: what happens to a request, which requests it applies to,
 * and how many times. Immutable; every method returns a new fault.
 *
 * <pre>{@code
 * proxy.rule(Fault.cutAfter(1000).on("GET", ".+/blobs/.+"));            // next blob GET, once
 * proxy.rule(Fault.tooManyRequests(Duration.ofSeconds(2)).times(2));
 * proxy.rule(Fault.status(503).ociError("UNAVAILABLE", "maintenance").times(5));
 * proxy.rule(Fault.flipByte(0).on("GET", ".+/blobs/.+").skip(1));       // the second blob GET
 * proxy.rule(Fault.redirectTo(cdn.baseUri()).on("GET", ".+/blobs/.+").always());
 * }</pre>
 *
 * <p>By default a fault applies to the next request of any method and path, once. Body offsets
 * ({@link #cutAfter}, {@link #flipByte}) count the bytes of the response body as the client
 * receives them: for a {@code 206} answer to a {@code Range} request, from the start of the range.
 */
public final class Fault {
  enum Kind {
    CUT,
    DISCONNECT,
    STATUS,
    STALL,
    FLIP,
    REDIRECT
  }

  /** What happens to a matching request; {@code location} is the redirect base. */
  record Action(
      Kind kind,
      long offset,
      int status,
      List<Map.Entry<String, String>> headers,
      byte[] body,
      @Nullable Duration stall,
      @Nullable String location,
      String description) {
    Action {
      headers = List.copyOf(headers);
    }

    private static Action of(Kind kind, long offset, int status, String description) {
      return new Action(kind, offset, status, List.of(), new byte[0], null, null, description);
    }

    private Action with(List<Map.Entry<String, String>> newHeaders, byte[] newBody) {
      return new Action(kind, offset, status, newHeaders, newBody, stall, location, description);
    }
  }

  private static final DateTimeFormatter HTTP_DATE =
      DateTimeFormatter.ofPattern("EEE, dd MMM yyyy HH:mm:ss 'GMT'", Locale.US)
          .withZone(ZoneOffset.UTC);

  private final Action action;
  private final @Nullable String method;
  private final @Nullable Pattern path;
  private final int skip;
  private final int times;

  private Fault(
      Action action, @Nullable String method, @Nullable Pattern path, int skip, int times) {
    this.action = action;
    this.method = method;
    this.path = path;
    this.skip = skip;
    this.times = times;
  }

  private Fault(Action action) {
    this(action, null, null, 0, 1);
  }

  /**
   * Forwards the request and relays the response head and the first {@code bodyBytes} bytes of its
   * body, then closes the client's connection: the client sees a truncated body (and can resume
   * with {@code Range}). A body no longer than {@code bodyBytes} passes whole; {@code cutAfter(0)}
   * sends the head alone.
   */
  public static Fault cutAfter(long bodyBytes) {
    if (bodyBytes < 0) {
      throw new IllegalArgumentException("body bytes (" + bodyBytes + ") must not be negative");
    }
    return new Fault(Action.of(Kind.CUT, bodyBytes, 0, "cutAfter(" + bodyBytes + ")"));
  }

  /** Closes the client's connection as soon as the request head is read, answering nothing. */
  public static Fault disconnect() {
    return new Fault(Action.of(Kind.DISCONNECT, 0, 0, "disconnect()"));
  }

  /**
   * Answers {@code status} itself instead of forwarding, with an empty body unless {@link
   * #ociError} gives one; add fields with {@link #header} and {@link #retryAfter}. The request
   * body, if any, is read and dropped, so the connection stays usable.
   */
  public static Fault status(int status) {
    if (status < 200 || status > 599) {
      throw new IllegalArgumentException("status (" + status + ") must be within 200..599");
    }
    // Distribution sends this on every /v2/ answer; clients may check it.
    List<Map.Entry<String, String>> headers =
        List.of(Map.entry("Docker-Distribution-API-Version", "registry/2.0"));
    return new Fault(
        new Action(
            Kind.STATUS, 0, status, headers, new byte[0], null, null, "status(" + status + ")"));
  }

  /**
   * {@code 429} with {@code Retry-After: <seconds>} and the OCI error body {@code TOOMANYREQUESTS},
   * as Docker Hub and ghcr.io answer when rate-limited.
   */
  public static Fault tooManyRequests(Duration retryAfter) {
    return status(429)
        .ociError("TOOMANYREQUESTS", "too many requests (fault proxy)")
        .retryAfter(retryAfter);
  }

  /**
   * Reads the request and never answers: the connection stays open and silent until the client
   * gives up and closes it, or the proxy is closed.
   */
  public static Fault stall() {
    return new Fault(Action.of(Kind.STALL, 0, 0, "stall()"));
  }

  /**
   * Holds the request for {@code duration} without sending a byte, then forwards it as usual: a
   * registry slow to answer.
   */
  public static Fault stall(Duration duration) {
    if (duration.isNegative()) {
      throw new IllegalArgumentException("stall (" + duration + ") must not be negative");
    }
    return new Fault(
        new Action(
            Kind.STALL, 0, 0, List.of(), new byte[0], duration, null, "stall(" + duration + ")"));
  }

  /**
   * Forwards the request and inverts every bit of the response body's byte at {@code offset}: the
   * client's digest check must fail. A shorter body passes unchanged.
   */
  public static Fault flipByte(long offset) {
    if (offset < 0) {
      throw new IllegalArgumentException("offset (" + offset + ") must not be negative");
    }
    return new Fault(Action.of(Kind.FLIP, offset, 0, "flipByte(" + offset + ")"));
  }

  /**
   * Answers {@code 307 Temporary Redirect} with {@code Location: <base><request target>}, e.g. to
   * another proxy's {@link FaultProxy#baseUri()}, as registries send blob downloads to a CDN.
   */
  public static Fault redirectTo(URI base) {
    if (base.getScheme() == null || base.getHost() == null) {
      throw new IllegalArgumentException("redirect base must be an absolute URI: \"" + base + "\"");
    }
    String text = base.toString();
    String prefix = text.endsWith("/") ? text.substring(0, text.length() - 1) : text;
    return new Fault(
        new Action(
            Kind.REDIRECT,
            0,
            307,
            List.of(),
            new byte[0],
            null,
            prefix,
            "redirectTo(" + prefix + ")"));
  }

  /**
   * Applies to requests with this method ({@code "*"} for any) whose path, without the query
   * string, matches {@code pathRegex} entirely, e.g. {@code on("GET", ".+/blobs/sha256:.+")}.
   */
  public Fault on(String method, String pathRegex) {
    Pattern pattern;
    try {
      pattern = Pattern.compile(pathRegex);
    } catch (PatternSyntaxException e) {
      throw new IllegalArgumentException("not a regular expression: \"" + pathRegex + "\"", e);
    }
    return new Fault(action, method.equals("*") ? null : method, pattern, skip, times);
  }

  /**
   * Lets the first {@code requests} matching requests pass (they go on to later rules), then
   * applies: {@code skip(2)} hits the third matching request.
   */
  public Fault skip(int requests) {
    if (requests < 0) {
      throw new IllegalArgumentException(
          "skipped requests (" + requests + ") must not be negative");
    }
    return new Fault(action, method, path, requests, times);
  }

  /** Applies to this many matching requests in a row (default 1), then the rule is used up. */
  public Fault times(int requests) {
    if (requests < 1) {
      throw new IllegalArgumentException("times (" + requests + ") must be positive");
    }
    return new Fault(action, method, path, skip, requests);
  }

  /** Applies to every matching request until {@link FaultProxy#reset()}. */
  public Fault always() {
    return new Fault(action, method, path, skip, Integer.MAX_VALUE);
  }

  /** Adds a response header field to a {@link #status} or {@link #redirectTo} answer. */
  public Fault header(String name, String value) {
    requireAnswer("header");
    if (!name.matches("[!#$%&'*+.^_`|~0-9A-Za-z-]+")
        || value.contains("\r")
        || value.contains("\n")) {
      throw new IllegalArgumentException("not a header field: \"" + name + ": " + value + "\"");
    }
    List<Map.Entry<String, String>> more = new ArrayList<>(action.headers());
    more.add(Map.entry(name, value));
    return new Fault(action.with(more, action.body()), method, path, skip, times);
  }

  /** {@code Retry-After} in whole seconds, rounded up. */
  public Fault retryAfter(Duration delay) {
    if (delay.isNegative()) {
      throw new IllegalArgumentException("retry delay (" + delay + ") must not be negative");
    }
    long seconds = delay.getSeconds() + (delay.getNano() > 0 ? 1 : 0);
    return header("Retry-After", Long.toString(seconds));
  }

  /** {@code Retry-After} as an HTTP date, e.g. {@code Wed, 21 Oct 2026 07:28:00 GMT}. */
  public Fault retryAfter(Instant time) {
    return header("Retry-After", HTTP_DATE.format(time));
  }

  /**
   * Gives a {@link #status} answer the JSON body a registry sends with errors: {@code
   * {"errors":[{"code":CODE,"message":MESSAGE,"detail":null}]}}, {@code Content-Type:
   * application/json}. Codes in the OCI distribution spec include {@code BLOB_UNKNOWN}, {@code
   * MANIFEST_UNKNOWN}, {@code DENIED}, {@code UNAUTHORIZED}, {@code TOOMANYREQUESTS}; Distribution
   * adds {@code UNAVAILABLE}.
   */
  public Fault ociError(String code, String message) {
    if (action.kind() != Kind.STATUS) {
      throw new IllegalStateException(
          "ociError applies to status answers, not to " + action.description());
    }
    String json =
        "{\"errors\":[{\"code\":"
            + jsonString(code)
            + ",\"message\":"
            + jsonString(message)
            + ",\"detail\":null}]}";
    List<Map.Entry<String, String>> withType = new ArrayList<>();
    for (Map.Entry<String, String> header : action.headers()) {
      if (!header.getKey().equalsIgnoreCase("Content-Type")) {
        withType.add(header);
      }
    }
    withType.add(Map.entry("Content-Type", "application/json; charset=utf-8"));
    return new Fault(
        action.with(withType, json.getBytes(StandardCharsets.UTF_8)), method, path, skip, times);
  }

  private void requireAnswer(String what) {
    if (action.kind() != Kind.STATUS && action.kind() != Kind.REDIRECT) {
      throw new IllegalStateException(
          what + " applies to status and redirect answers, not to " + action.description());
    }
  }

  boolean matches(String requestMethod, String requestPath) {
    return (method == null || method.equals(requestMethod))
        && (path == null || path.matcher(requestPath).matches());
  }

  Action action() {
    return action;
  }

  int skipCount() {
    return skip;
  }

  int timesCount() {
    return times;
  }

  private static String jsonString(String text) {
    StringBuilder json = new StringBuilder("\"");
    for (char c : text.toCharArray()) {
      switch (c) {
        case '"' -> json.append("\\\"");
        case '\\' -> json.append("\\\\");
        case '\n' -> json.append("\\n");
        case '\r' -> json.append("\\r");
        case '\t' -> json.append("\\t");
        default -> {
          if (c < 0x20) {
            json.append(String.format(Locale.ROOT, "\\u%04x", (int) c));
          } else {
            json.append(c);
          }
        }
      }
    }
    return json.append('"').toString();
  }

  /** E.g. {@code cutAfter(1000) on GET .+/blobs/.+ skip 1 times 2}. */
  @Override
  public String toString() {
    StringBuilder text = new StringBuilder(action.description());
    if (path != null) {
      text.append(" on ").append(method == null ? "*" : method).append(' ').append(path);
    }
    if (skip > 0) {
      text.append(" skip ").append(skip);
    }
    text.append(times == Integer.MAX_VALUE ? " always" : " times " + times);
    return text.toString();
  }
}
