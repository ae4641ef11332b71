package dev.ocipkg.internal.registry;

import dev.ocipkg.internal.LoaderConfig;
import java.io.IOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Locale;
import java.util.concurrent.ConcurrentHashMap;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLHandshakeException;
import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import org.jspecify.annotations.Nullable;

/**
 * Owns HTTP for every registry endpoint: the scheme of each host, redirects (followed here, not by
 * OkHttp, so the security rules hold on every hop) and error responses.
 *
 * <p>https is the default. Plain http is allowed only for loopback hosts and hosts configured
 * insecure, and even there https is tried first: a host that turns out not to speak TLS is then
 * remembered as http for the life of this caller.
 */
public final class RegistryCaller {
  private static final int MAX_REDIRECTS = 5;

  private final OkHttpClient http;
  private final LoaderConfig config;
  private final ConcurrentHashMap<String, String> schemeByHost = new ConcurrentHashMap<>();

  public RegistryCaller(LoaderConfig config) throws IOException {
    this.config = config;
    this.http = HttpClients.create(config);
  }

  /** The base URL of {@code host}'s registry API: {@code https://host/v2/} or http for loopback. */
  HttpUrl apiBase(String host) {
    String scheme = schemeByHost.getOrDefault(host, "https");
    String apiHost = host.equals("docker.io") ? "registry-1.docker.io" : host;
    return HttpUrl.get(scheme + "://" + apiHost + "/v2/");
  }

  /**
   * {@code <base>/v2/<repository>/<kind>/<reference>}: kind is {@code manifests} or {@code blobs}.
   */
  HttpUrl endpoint(String host, String repository, String kind, String reference) {
    return apiBase(host)
        .newBuilder()
        .addPathSegments(repository)
        .addPathSegment(kind)
        .addPathSegment(reference)
        .build();
  }

  /**
   * Executes {@code request} against {@code host}, following redirects. The caller closes the
   * response. A non-2xx final response is returned as is; {@link #failure} turns it into an
   * exception.
   */
  Response execute(String host, Request request) throws IOException {
    try {
      return follow(request);
    } catch (SSLException e) {
      if (e instanceof SSLHandshakeException || !mayUsePlainHttp(host) || isHttp(request)) {
        throw e;
      }
      // The server did not answer TLS at all: a plain-http registry on loopback or an insecure
      // host.
      schemeByHost.put(host, "http");
      return follow(
          request.newBuilder().url(request.url().newBuilder().scheme("http").build()).build());
    }
  }

  private Response follow(Request request) throws IOException {
    Request current = request;
    for (int hop = 0; ; hop++) {
      Response response = http.newCall(current).execute();
      if (!response.isRedirect()) {
        return response;
      }
      String location = response.header("Location");
      response.close();
      if (hop >= MAX_REDIRECTS) {
        throw new IOException(
            "too many redirects (more than " + MAX_REDIRECTS + ") from " + request.url().host());
      }
      HttpUrl next = location == null ? null : current.url().resolve(location);
      if (next == null) {
        throw new IOException("redirect without a usable Location from " + current.url().host());
      }
      if (current.url().isHttps() && !next.isHttps()) {
        throw new IOException(
            "refusing a redirect from https to plain http ("
                + next.host()
                + ":"
                + next.port()
                + ")");
      }
      Request.Builder b = current.newBuilder().url(next);
      if (!sameOrigin(current.url(), next)) {
        b.removeHeader("Authorization"); // credentials never travel to another origin
      }
      current = b.build();
    }
  }

  private static boolean sameOrigin(HttpUrl a, HttpUrl b) {
    return a.scheme().equals(b.scheme()) && a.host().equals(b.host()) && a.port() == b.port();
  }

  private static boolean isHttp(Request request) {
    return !request.url().isHttps();
  }

  /** Whether {@code host} may be reached over plain http: loopback or configured insecure. */
  boolean mayUsePlainHttp(String host) {
    if (config.isInsecure(host)) {
      return true;
    }
    String name = hostName(host);
    if (name.equals("localhost")) {
      return true;
    }
    try {
      if (name.matches("[0-9.]+") || name.contains(":")) {
        return InetAddress.getByName(name).isLoopbackAddress();
      }
    } catch (UnknownHostException e) {
      return false;
    }
    return false;
  }

  private static String hostName(String host) {
    String h = host.toLowerCase(Locale.ROOT);
    if (h.startsWith("[")) {
      return h.substring(1, h.indexOf(']'));
    }
    int colon = h.lastIndexOf(':');
    return colon > 0 ? h.substring(0, colon) : h;
  }

  /** An exception for a non-success response, with the OCI error code from its body if any. */
  static RegistryException failure(String host, String what, Response response) {
    String body = "";
    try {
      body = response.peekBody(64 * 1024).string();
    } catch (IOException e) {
      // the status alone must do
    }
    @Nullable String code = OciErrors.firstCode(body);
    String detail = OciErrors.firstMessage(body);
    StringBuilder message = new StringBuilder(what).append(": HTTP ").append(response.code());
    if (code != null) {
      message.append(' ').append(code);
    }
    if (detail != null) {
      message.append(" (").append(detail).append(')');
    }
    return new RegistryException(message.toString(), host, response.code(), code);
  }
}
