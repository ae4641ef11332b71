package dev.ocipkg.internal.http;

import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import org.jspecify.annotations.Nullable;

/**
 * An absolute http or https URL, kept in its encoded form: what a registry's API, a redirect's
 * {@code Location} or a token realm names. Anything else (another scheme, no host, a string that is
 * not a URI) does not parse: {@link #parse} and {@link #resolve} answer null, so that a hostile
 * server's text never becomes a request elsewhere.
 */
public final class HttpUrl {
  private final String scheme;
  private final String host;
  private final int port;
  private final boolean explicitPort;
  private final String encodedPath;
  private final @Nullable String encodedQuery;

  private HttpUrl(
      String scheme,
      String host,
      int port,
      boolean explicitPort,
      String encodedPath,
      @Nullable String encodedQuery) {
    this.scheme = scheme;
    this.host = host;
    this.port = port;
    this.explicitPort = explicitPort;
    this.encodedPath = encodedPath;
    this.encodedQuery = encodedQuery;
  }

  /** {@code url} parsed; throws {@link IllegalArgumentException} where it is not http(s). */
  public static HttpUrl get(String url) {
    HttpUrl parsed = parse(url);
    if (parsed == null) {
      throw new IllegalArgumentException("not an http or https URL: " + url);
    }
    return parsed;
  }

  /** {@code url} parsed, or null where it is not an absolute http or https URL. */
  public static @Nullable HttpUrl parse(String url) {
    try {
      return of(new URI(url));
    } catch (URISyntaxException e) {
      return null;
    }
  }

  private static @Nullable HttpUrl of(URI given) {
    URI uri;
    try {
      // Text beyond ASCII (a Location may carry any) percent-encoded: so it goes on the wire as the
      // server wrote it, and no message shows a bidirectional override or an invisible character.
      uri = new URI(given.toASCIIString());
    } catch (URISyntaxException e) {
      return null;
    }
    String scheme = uri.getScheme();
    String host = uri.getHost();
    if (scheme == null || host == null || host.isEmpty() || uri.getRawUserInfo() != null) {
      return null; // user info in a URL would be credentials from the server's text
    }
    scheme = scheme.toLowerCase(Locale.ROOT);
    if (!scheme.equals("http") && !scheme.equals("https")) {
      return null;
    }
    if (host.startsWith("[") && host.endsWith("]")) {
      host = host.substring(1, host.length() - 1);
    }
    int port = uri.getPort() < 0 ? defaultPort(scheme) : uri.getPort();
    if (port == 0 || port > 65535) {
      return null; // URI takes any number; a socket would refuse it later, unchecked
    }
    String path = uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath();
    return new HttpUrl(
        scheme,
        host.toLowerCase(Locale.ROOT),
        port,
        port != defaultPort(scheme),
        path,
        uri.getRawQuery());
  }

  private static int defaultPort(String scheme) {
    return scheme.equals("https") ? 443 : 80;
  }

  /** {@code reference} (a {@code Location}, a {@code Link}) resolved against this URL, or null. */
  public @Nullable HttpUrl resolve(String reference) {
    try {
      return of(toUri().resolve(new URI(reference)));
    } catch (URISyntaxException | IllegalArgumentException e) {
      return null;
    }
  }

  public String scheme() {
    return scheme;
  }

  public boolean isHttps() {
    return scheme.equals("https");
  }

  /** The host, lower case, without the brackets of an IPv6 literal. */
  public String host() {
    return host;
  }

  /** The port, explicit or the scheme's default. */
  public int port() {
    return port;
  }

  /** {@code host:port}, the port always written (an IPv6 host without brackets), for messages. */
  public String hostAndPort() {
    return host + ":" + port;
  }

  public String encodedPath() {
    return encodedPath;
  }

  public @Nullable String encodedQuery() {
    return encodedQuery;
  }

  public Builder newBuilder() {
    return new Builder(this);
  }

  URI toUri() {
    return URI.create(toString());
  }

  /**
   * The authority as a {@code Host} header or a tunnel request writes it: an IPv6 literal in
   * brackets, the port where it is not the scheme's default, or with {@code alwaysPort} always.
   */
  String authority(boolean alwaysPort) {
    String h = host.indexOf(':') >= 0 ? "[" + host + "]" : host;
    return explicitPort || alwaysPort ? h + ":" + port : h;
  }

  /** The request target of an origin server: the path and any query. */
  String pathAndQuery() {
    return encodedQuery == null ? encodedPath : encodedPath + "?" + encodedQuery;
  }

  @Override
  public String toString() {
    return scheme + "://" + authority(false) + pathAndQuery();
  }

  @Override
  public boolean equals(@Nullable Object o) {
    return o instanceof HttpUrl && o.toString().equals(toString());
  }

  @Override
  public int hashCode() {
    return toString().hashCode();
  }

  /** Builds a URL from another: its scheme changed, path segments and query parameters added. */
  public static final class Builder {
    private String scheme;
    private final String host;
    private int port;
    private final boolean explicitPort;
    private final StringBuilder path;
    private @Nullable StringBuilder query;

    private Builder(HttpUrl url) {
      this.scheme = url.scheme;
      this.host = url.host;
      this.port = url.port;
      this.explicitPort = url.explicitPort;
      this.path = new StringBuilder(url.encodedPath);
      this.query = url.encodedQuery == null ? null : new StringBuilder(url.encodedQuery);
    }

    /** Another scheme; a port left to the old scheme's default becomes the new one's. */
    public Builder scheme(String newScheme) {
      if (!explicitPort) {
        port = defaultPort(newScheme);
      }
      this.scheme = newScheme;
      return this;
    }

    /** One path segment, encoded: a {@code /} in it stays part of the segment. */
    public Builder addPathSegment(String segment) {
      if (path.length() == 0 || path.charAt(path.length() - 1) != '/') {
        path.append('/');
      }
      path.append(encode(segment, PATH_SAFE));
      return this;
    }

    /** Segments separated by {@code /}, each encoded; a trailing {@code /} is kept. */
    public Builder addPathSegments(String segments) {
      for (String segment : segments.split("/", -1)) {
        addPathSegment(segment);
      }
      return this;
    }

    public Builder addQueryParameter(String name, String value) {
      query = query == null ? new StringBuilder() : query.append('&');
      query.append(encode(name, QUERY_SAFE)).append('=').append(encode(value, QUERY_SAFE));
      return this;
    }

    public HttpUrl build() {
      return new HttpUrl(
          scheme,
          host,
          port,
          port != defaultPort(scheme),
          path.toString(),
          query == null ? null : query.toString());
    }
  }

  /** Characters a path segment keeps as they are (RFC 3986 pchar, less nothing). */
  private static final String PATH_SAFE = "-._~!$&'()*+,;=:@";

  /**
   * Characters a query parameter keeps as they are: none that separate parameters, and no {@code /}
   * (encoded, as Go's clients do, which registries and token services are written against).
   */
  private static final String QUERY_SAFE = "-._~!$'()*,;:@";

  private static String encode(String text, String safe) {
    StringBuilder s = new StringBuilder(text.length());
    for (byte b : text.getBytes(StandardCharsets.UTF_8)) {
      int c = b & 0xff;
      if ((c >= 'a' && c <= 'z')
          || (c >= 'A' && c <= 'Z')
          || (c >= '0' && c <= '9')
          || (c < 0x80 && safe.indexOf(c) >= 0)) {
        s.append((char) c);
      } else {
        s.append('%').append(Character.toUpperCase(Character.forDigit(c >> 4, 16)));
        s.append(Character.toUpperCase(Character.forDigit(c & 0xf, 16)));
      }
    }
    return s.toString();
  }
}
