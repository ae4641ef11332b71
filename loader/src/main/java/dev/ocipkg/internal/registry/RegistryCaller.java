package dev.ocipkg.internal.registry;

import dev.ocipkg.internal.LoaderConfig;
import dev.ocipkg.internal.io.ForeignText;
import dev.ocipkg.internal.registry.credentials.Credential;
import dev.ocipkg.internal.registry.credentials.CredentialResolver;
import dev.ocipkg.internal.registry.credentials.DockerCredentials;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLHandshakeException;
import okhttp3.Call;
import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import okio.AsyncTimeout;
import org.jspecify.annotations.Nullable;

/**
 * Owns HTTP for every registry endpoint: the scheme of each host, authentication, retries and
 * redirects. The endpoint classes ({@link ManifestPuller}, {@link BlobPuller}, the pushers) only
 * build requests and read responses.
 *
 * <ul>
 *   <li>Scheme: https by default; plain http only for loopback hosts and hosts configured insecure,
 *       and even there https is tried first.
 *   <li>Auth: a cached token is sent up front; a 401 challenge (Bearer or Basic) is answered once
 *       with credentials from the configuration or the Docker/podman files, never in a loop; a
 *       403/401 {@code insufficient_scope} gets one try with the scopes the challenge names.
 *       Credentials never go over plain http to a non-loopback host, and never to another host; a
 *       challenge is answered only when it comes from the registry's own origin (not from a host a
 *       redirect led to).
 *   <li>Time: a small document ({@link #documentRequest}) has one deadline for the whole call,
 *       retries, redirects and body included; a blob has the same deadline until its headers
 *       arrive, and then the stall rule of {@link BlobPuller}.
 *   <li>Retries: connection failures, 408, 429 and 5xx, with backoff and jitter and the server's
 *       {@code Retry-After}; only for requests that can be repeated (GET, HEAD, PUT). A refusal
 *       ({@link RefusedRequestException}) is never retried.
 *   <li>Redirects: followed here, so that {@code Authorization} is dropped on any change of scheme,
 *       host or port, https to http is refused, HEAD stays HEAD, and a presigned URL that answers
 *       403 (expired) sends us back to the registry once.
 * </ul>
 */
public final class RegistryCaller {
  private static final int MAX_REDIRECTS = 5;

  private final OkHttpClient http;
  private final LoaderConfig config;
  private final RetryPolicy retry;
  private final BearerTokens tokens;
  private final CredentialResolver credentials;
  private final ConcurrentHashMap<String, String> schemeByHost = new ConcurrentHashMap<>();
  private final SchemeRecords schemes;

  /** Hosts whose scheme came from the cache, not from a probe: checked again once on trouble. */
  private final Set<String> rememberedSchemes = ConcurrentHashMap.newKeySet();

  /** Hosts that asked for Basic auth: their credentials are sent up front from then on. */
  private final ConcurrentHashMap<String, Boolean> basicHosts = new ConcurrentHashMap<>();

  public RegistryCaller(LoaderConfig config) throws IOException {
    this(config, DockerCredentials.fromEnvironment(config.credentials(), null));
  }

  public RegistryCaller(LoaderConfig config, CredentialResolver credentials) throws IOException {
    this.config = config;
    this.http = HttpClients.create(config);
    this.retry = new RetryPolicy(config);
    this.tokens = new BearerTokens(http, config);
    this.credentials = credentials;
    this.schemes = new SchemeRecords(config.cacheDir(), Clock.systemUTC());
  }

  /** The read timeout, which is also the window of the blob download's stall rule. */
  java.time.Duration readTimeout() {
    return config.readTimeout();
  }

  /** The base URL of {@code host}'s registry API: {@code https://host/v2/} or http for loopback. */
  HttpUrl apiBase(String host) {
    String scheme = schemeOf(host);
    String apiHost = host.equals("docker.io") ? "registry-1.docker.io" : host;
    return HttpUrl.get(scheme + "://" + apiHost + "/v2/");
  }

  /**
   * https, except for hosts that may use plain http and turn out not to speak TLS: probed once and
   * remembered in the cache for the next JVMs (on the cold path only).
   */
  private String schemeOf(String host) {
    if (!mayUsePlainHttp(host)) {
      return "https";
    }
    return schemeByHost.computeIfAbsent(host, this::rememberedOrProbed);
  }

  private String rememberedOrProbed(String host) {
    String known = schemes.remembered(host);
    if (known != null) {
      rememberedSchemes.add(host);
      return known;
    }
    String probed =
        SchemeProbe.schemeOf(
            LoopbackHosts.hostName(host), HttpUrl.get("https://" + host + "/").port());
    schemes.remember(host, probed);
    return probed;
  }

  /**
   * If {@code host}'s scheme came from the cache and {@code failed} went to it, probes the host
   * again: {@code failed} with the scheme found if that differs, else null.
   */
  private @Nullable Request withSchemeProbedAgain(String host, Request failed) {
    if (!failed.url().host().equalsIgnoreCase(LoopbackHosts.hostName(host))
        || !rememberedSchemes.remove(host)) {
      return null;
    }
    schemes.forget(host);
    schemeByHost.remove(host);
    String probed = schemeOf(host);
    if (probed.equals(failed.url().scheme())) {
      return null;
    }
    return failed.newBuilder().url(failed.url().newBuilder().scheme(probed).build()).build();
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

  /** The scope of pulling from {@code repository}. */
  static String pullScope(String repository) {
    return "repository:" + repository + ":pull";
  }

  /** The scope of pushing to {@code repository} (push needs pull too). */
  static String pushScope(String repository) {
    return "repository:" + repository + ":pull,push";
  }

  /**
   * {@code request} under a fresh whole-call deadline ({@link LoaderConfig#documentTimeout}): for a
   * small document, read whole with {@link #readDocument}.
   */
  Request documentRequest(Request request) {
    return request
        .newBuilder()
        .tag(Deadline.class, Deadline.after(config.documentTimeout(), true))
        .build();
  }

  /**
   * {@code request} (a blob download) with the whole-call deadline applying only until the
   * response's headers have arrived; its body then falls under the stall rule.
   */
  Request blobRequest(Request request) {
    return request
        .newBuilder()
        .tag(Deadline.class, Deadline.after(config.documentTimeout(), false))
        .build();
  }

  /**
   * The body of a small document, at most {@code maxBytes}, within the deadline of its request.
   *
   * @param what how messages name the document, e.g. {@code manifest ghcr.io/acme/x:1.0}
   */
  byte[] readDocument(String host, Response response, int maxBytes, String what)
      throws IOException {
    long length = response.body().contentLength();
    if (length > maxBytes) {
      throw new IOException(
          what + " is " + length + " bytes, more than the limit of " + maxBytes + " bytes");
    }
    try (InputStream in = response.body().byteStream()) {
      byte[] bytes = in.readNBytes(maxBytes + 1);
      if (bytes.length > maxBytes) {
        throw new IOException(what + " is more than the limit of " + maxBytes + " bytes");
      }
      return bytes;
    } catch (IOException e) {
      throw explainTimeout(e, response.request(), what, host);
    }
  }

  /** {@code e}, or the deadline's own failure if {@code request}'s deadline is what ended it. */
  static IOException explainTimeout(IOException e, Request request, String what, String host) {
    Deadline deadline = request.tag(Deadline.class);
    return deadline == null ? e : deadline.explain(e, what, host);
  }

  /**
   * Executes {@code request} against registry {@code host} with the rights of {@code scopes},
   * authenticating, retrying and following redirects. The caller closes the response. A final
   * non-2xx response is returned as is ({@link #failure} turns it into an exception), except a
   * retryable status that persists through every attempt, which is thrown with the count.
   */
  Response execute(String host, List<String> scopes, Request request) throws IOException {
    boolean repeatable = isRepeatable(request.method());
    IOException lastFailure = null;
    for (int attempt = 1; ; attempt++) {
      Response response;
      try {
        response = authenticated(host, scopes, request);
      } catch (RegistryException | RefusedRequestException | DeadlineExceededException e) {
        throw e; // an answer, a refusal or the end of the time allowed: trying again cannot help
      } catch (IOException e) {
        Deadline deadline = request.tag(Deadline.class);
        if (deadline != null && deadline.expired()) {
          throw deadline.exceeded(request.method() + " " + request.url().encodedPath(), host, e);
        }
        if (!repeatable || attempt >= retry.maxAttempts() || e instanceof SSLException) {
          if (lastFailure != null && lastFailure != e) {
            e.addSuppressed(lastFailure);
          }
          throw attempt > 1 ? withAttempts(e, host, attempt) : e;
        }
        lastFailure = e;
        RetryPolicy.sleep(waitBefore(request, retry.delayMillis(attempt, null)));
        continue;
      }
      if (!repeatable || !RetryPolicy.isRetryableStatus(response.code())) {
        return response;
      }
      if (attempt >= retry.maxAttempts()) {
        RegistryException e =
            failure(
                host,
                request.method()
                    + " "
                    + request.url().encodedPath()
                    + " failed after "
                    + attempt
                    + " attempts",
                response);
        response.close();
        throw e;
      }
      String retryAfter = response.header("Retry-After");
      Deadline deadline = request.tag(Deadline.class);
      if (deadline != null
          && deadline.remainingMillis() <= retry.delayMillis(attempt, retryAfter)) {
        return response; // no time left for another try: this answer is the one to report
      }
      response.close();
      RetryPolicy.sleep(waitBefore(request, retry.delayMillis(attempt, retryAfter)));
    }
  }

  /** {@code millis}, but never past the deadline of {@code request}. */
  private static long waitBefore(Request request, long millis) {
    Deadline deadline = request.tag(Deadline.class);
    return deadline == null ? millis : Math.min(millis, deadline.remainingMillis());
  }

  private static IOException withAttempts(IOException e, String host, int attempts) {
    IOException wrapped =
        new IOException("cannot reach " + host + " after " + attempts + " attempts: " + e, e);
    return wrapped;
  }

  private static boolean isRepeatable(String method) {
    return method.equals("GET") || method.equals("HEAD") || method.equals("PUT");
  }

  /** One attempt, with the cached authorization and at most one answer to a challenge. */
  private Response authenticated(String host, List<String> scopes, Request request)
      throws IOException {
    Response response =
        send(host, withAuthorization(host, request, cachedAuthorization(host, scopes)));
    if (response.code() != 401 && !(response.code() == 403 && isInsufficientScope(response))) {
      return response;
    }
    Challenge challenge = Challenge.parse(response.headers("WWW-Authenticate"));
    if (challenge == null) {
      return response;
    }
    HttpUrl answeredBy = response.request().url();
    if (!isRegistryOrigin(host, answeredBy)) {
      response.close();
      throw new RefusedRequestException(
          host
              + " redirected "
              + request.method()
              + " "
              + request.url().encodedPath()
              + " to "
              + answeredBy.host()
              + ":"
              + answeredBy.port()
              + ", which asks for authentication; the credentials of "
              + host
              + " are offered to "
              + host
              + " only",
          host,
          "the registry's storage must serve its redirects without credentials (a presigned URL);"
              + " tell the registry's operator");
    }
    List<String> wanted = scopes;
    if (challenge.isInsufficientScope() && !challenge.scopes().isEmpty()) {
      wanted = challenge.scopes();
    }
    Credential offered = credential(host);
    String authorization = answer(host, challenge, wanted, offered);
    if (authorization == null) {
      return response; // no credentials to offer: the 401 stands
    }
    response.close();
    Request resent = withAuthorization(host, request, authorization);
    Response answered = send(host, resent);
    if (answered.code() == 401
        && challenge.isBasic()
        && offered != null
        && resent.header("Authorization") != null) {
      credentials.forget(host, offered); // refused: a later request looks for newer credentials
    }
    return answered;
  }

  private static boolean isInsufficientScope(Response response) {
    Challenge c = Challenge.parse(response.headers("WWW-Authenticate"));
    return c != null && c.isInsufficientScope();
  }

  private @Nullable String cachedAuthorization(String host, List<String> scopes) {
    if (basicHosts.containsKey(host)) {
      Credential c = credential(host);
      return c == null ? null : basic(c);
    }
    return tokens.cached(host, scopes);
  }

  /** The Authorization value answering {@code challenge}, or null if there is nothing to offer. */
  private @Nullable String answer(
      String host, Challenge challenge, List<String> scopes, @Nullable Credential credential)
      throws IOException {
    if (challenge.isBasic()) {
      if (credential == null) {
        return null;
      }
      requireSafeForCredentials(host);
      basicHosts.put(host, true);
      return basic(credential);
    }
    if (challenge.isBearer()) {
      if (credential != null) {
        requireSafeForCredentials(host);
      }
      try {
        return tokens.fetch(host, challenge, scopes, credential);
      } catch (RegistryException e) {
        if (credential != null && e.status() == 401) {
          // The token service refused them: look again next time.
          credentials.forget(host, credential);
        }
        throw e;
      }
    }
    return null;
  }

  private void requireSafeForCredentials(String host) throws IOException {
    if ("http".equals(schemeByHost.get(host)) && !LoopbackHosts.isLoopback(host)) {
      throw new RefusedRequestException(
          "refusing to send credentials for "
              + host
              + " over plain http: it is not a loopback host",
          host,
          "serve the registry over https (with ocipkg.ca.file for a private CA), or pull"
              + " anonymously");
    }
  }

  /** Whether {@code url} is on the scheme, host and port of {@code host}'s registry API. */
  private boolean isRegistryOrigin(String host, HttpUrl url) {
    return sameOrigin(apiBase(host), url);
  }

  private static String basic(Credential c) {
    return okhttp3.Credentials.basic(c.username(), c.secret(), StandardCharsets.UTF_8);
  }

  /** Credentials for {@code host}: given in code, in ocipkg.credentials, or in the files. */
  @Nullable Credential credential(String host) {
    return credentials.find(host).orElse(null);
  }

  /** Where the credentials for {@code host} come from, for error messages. */
  String describeCredentials(String host) {
    Credential c = credential(host);
    return c == null
        ? "no credentials were found for " + host + " (configuration, Docker or podman files)"
        : "credentials of " + c.username() + " from " + c.source();
  }

  private Request withAuthorization(String host, Request request, @Nullable String value) {
    if (value == null || !isRegistryOrigin(host, request.url())) {
      return request; // never send the registry's credentials to another host (upload Locations)
    }
    return request.newBuilder().header("Authorization", value).build();
  }

  /**
   * Sends with scheme fallback (https first, http where allowed) and redirects. A scheme that came
   * from the cache is probed again once when the request fails, or when a plain-http request gets
   * the 400 with which TLS servers (Go's, nginx) answer plain http.
   */
  private Response send(String host, Request request) throws IOException {
    Response response;
    try {
      response = sendWithTlsFallback(host, request);
    } catch (IOException e) {
      Request again = withSchemeProbedAgain(host, request);
      if (again == null) {
        throw e;
      }
      return sendWithTlsFallback(host, again);
    }
    if (response.code() == 400 && !request.url().isHttps()) {
      Request again = withSchemeProbedAgain(host, request);
      if (again != null) {
        response.close();
        return sendWithTlsFallback(host, again);
      }
    }
    return response;
  }

  private Response sendWithTlsFallback(String host, Request request) throws IOException {
    try {
      return follow(request);
    } catch (SSLException e) {
      if (e instanceof SSLHandshakeException
          || !mayUsePlainHttp(host)
          || !request.url().isHttps()) {
        throw e;
      }
      // The server did not answer TLS at all: a plain-http registry on loopback or an insecure
      // host.
      schemeByHost.put(host, "http");
      schemes.remember(host, "http");
      return follow(
          request.newBuilder().url(request.url().newBuilder().scheme("http").build()).build());
    }
  }

  private Response follow(Request request) throws IOException {
    Request current = request;
    boolean retriedExpiredRedirect = false;
    for (int hop = 0; ; hop++) {
      Response response = call(current);
      if (response.code() == 403
          && !sameOrigin(request.url(), current.url())
          && !retriedExpiredRedirect) {
        // A presigned storage URL that expired: ask the registry for a fresh one, once.
        response.close();
        retriedExpiredRedirect = true;
        current = request;
        hop = 0;
        continue;
      }
      if (!response.isRedirect()) {
        return response;
      }
      String location = response.header("Location");
      response.close();
      String from = request.url().host() + ":" + request.url().port();
      if (hop >= MAX_REDIRECTS) {
        throw new RefusedRequestException(
            "too many redirects (more than " + MAX_REDIRECTS + ") from " + from,
            from,
            "the registry sends its clients in a loop; tell its operator");
      }
      HttpUrl next = location == null ? null : current.url().resolve(location);
      if (next == null) {
        throw new RefusedRequestException(
            "a redirect from "
                + current.url().host()
                + " without a usable Location ("
                + ForeignText.escape(location, 100)
                + ")",
            from,
            null);
      }
      if (current.url().isHttps() && !next.isHttps()) {
        throw new RefusedRequestException(
            "refusing a redirect from https to plain http ("
                + next.host()
                + ":"
                + next.port()
                + "): what https protects must not continue in clear text",
            from,
            "tell the registry's operator: its redirects must stay on https");
      }
      Request.Builder b = current.newBuilder().url(next); // keeps the method: HEAD stays HEAD
      if (!sameOrigin(current.url(), next)) {
        b.removeHeader("Authorization"); // credentials never travel to another origin
      }
      current = b.build();
    }
  }

  /**
   * Executes one hop under the deadline of {@code request}, if it has one; a blob's deadline ends
   * once the headers are in (its body is bounded by the stall rule instead).
   */
  private Response call(Request request) throws IOException {
    Call call = http.newCall(request);
    Deadline deadline = request.tag(Deadline.class);
    if (deadline == null) {
      return call.execute();
    }
    if (!deadline.coversBody() && !(call.timeout() instanceof AsyncTimeout)) {
      return call.execute(); // no way to end the deadline at the headers: leave the body free
    }
    deadline.bound(call);
    Response response;
    try {
      response = call.execute();
    } catch (IOException e) {
      throw deadline.explain(
          e, request.method() + " " + request.url().encodedPath(), hostOf(request));
    }
    if (!deadline.coversBody()) {
      ((AsyncTimeout) call.timeout()).exit(); // the headers are in
    }
    return response;
  }

  private static String hostOf(Request request) {
    return request.url().host() + ":" + request.url().port();
  }

  private static boolean sameOrigin(HttpUrl a, HttpUrl b) {
    return a.scheme().equals(b.scheme()) && a.host().equals(b.host()) && a.port() == b.port();
  }

  /** Whether {@code host} may be reached over plain http: loopback or configured insecure. */
  boolean mayUsePlainHttp(String host) {
    return config.isInsecure(host) || LoopbackHosts.isLoopback(host);
  }

  /**
   * An exception for a non-success response, with the OCI error code from its body if any, and for
   * 401/403 where the credentials came from.
   */
  RegistryException failure(String host, String what, Response response) {
    String body = ErrorBodies.read(response, config.documentTimeout());
    String code = OciErrors.firstCode(body);
    String detail = OciErrors.firstMessage(body);
    StringBuilder message = new StringBuilder(what).append(": HTTP ").append(response.code());
    if (code != null) {
      message.append(' ').append(ForeignText.escape(code, 64));
    }
    if (detail != null) {
      message.append(" (").append(ForeignText.escape(detail)).append(')');
    }
    if (response.code() == 401 || response.code() == 403) {
      message.append("; ").append(describeCredentials(host));
    }
    return new RegistryException(message.toString(), host, response.code(), code);
  }
}
