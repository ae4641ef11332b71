package dev.ocipkg.internal.registry;

import dev.ocipkg.internal.http.HttpUrl;
import dev.ocipkg.internal.http.Request;
import dev.ocipkg.internal.http.Response;
import dev.ocipkg.internal.registry.credentials.Credential;
import dev.ocipkg.internal.registry.credentials.CredentialResolver;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import org.jspecify.annotations.Nullable;

/**
 * Authenticates one attempt: a cached token (or Basic credentials for a host that asked for them)
 * is sent up front; a 401 challenge (Bearer or Basic), or a 403 {@code insufficient_scope}, is
 * answered once with credentials from the configuration or the Docker/podman files, never in a
 * loop. Credentials go only to the registry's own origin: never over plain http to a host that is
 * not loopback, never to a host that a redirect led to, and a challenge from such a host is refused
 * rather than answered. Credentials that the registry or its token service refused are forgotten,
 * so that a later request looks for newer ones.
 */
final class Authenticating implements RegistryStep {
  private final SchemeMemory schemes;
  private final BearerTokens tokens;
  private final CredentialResolver credentials;
  private final RegistryStep next;

  /** Hosts that asked for Basic auth: their credentials are sent up front from then on. */
  private final ConcurrentHashMap<String, Boolean> basicHosts = new ConcurrentHashMap<>();

  Authenticating(
      SchemeMemory schemes,
      BearerTokens tokens,
      CredentialResolver credentials,
      RegistryStep next) {
    this.schemes = schemes;
    this.tokens = tokens;
    this.credentials = credentials;
    this.next = next;
  }

  @Override
  public Response proceed(String host, List<String> scopes, Request request) throws IOException {
    Response response =
        next.proceed(
            host, scopes, withAuthorization(host, request, cachedAuthorization(host, scopes)));
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
      throw challengeFromElsewhere(host, request, answeredBy);
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
    Response answered = next.proceed(host, scopes, resent);
    if (answered.code() == 401
        && challenge.isBasic()
        && offered != null
        && resent.header("Authorization") != null) {
      credentials.forget(host, offered); // refused: a later request looks for newer credentials
    }
    return answered;
  }

  private static RefusedRequestException challengeFromElsewhere(
      String host, Request request, HttpUrl answeredBy) {
    return new RefusedRequestException(
        host
            + " redirected "
            + request.method()
            + " "
            + request.url().encodedPath()
            + " to "
            + answeredBy.hostAndPort()
            + ", which asks for authentication; the credentials of "
            + host
            + " are offered to "
            + host
            + " only",
        host,
        "the registry's storage must serve its redirects without credentials (a presigned URL);"
            + " tell the registry's operator");
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
          credentials.forget(host, credential); // the token service refused them
        }
        throw e;
      }
    }
    return null;
  }

  private void requireSafeForCredentials(String host) throws RefusedRequestException {
    if (schemes.isPlainHttp(host) && !LoopbackHosts.isLoopback(host)) {
      throw new RefusedRequestException(
          "refusing to send credentials for "
              + host
              + " over plain http: it is not a loopback host",
          host,
          "serve the registry over https (with ocipkg.ca.file for a private CA), or pull"
              + " anonymously");
    }
  }

  /**
   * Whether {@code url} is on the host and port of {@code host}'s registry API. The scheme is left
   * to {@link SchemeFallback} (which may answer an https request over http, for a loopback or
   * insecure host) and to {@link #requireSafeForCredentials}: comparing it here made a request
   * resent after such a fallback go without its credentials.
   */
  private boolean isRegistryOrigin(String host, HttpUrl url) {
    HttpUrl registry = schemes.apiBase(host);
    return registry.host().equals(url.host()) && registry.port() == url.port();
  }

  private @Nullable Credential credential(String host) {
    return credentials.find(host).orElse(null);
  }

  /** {@code Basic <base64 of user:secret>}, in UTF-8. */
  static String basic(Credential c) {
    String pair = c.username() + ":" + c.secret();
    return "Basic " + Base64.getEncoder().encodeToString(pair.getBytes(StandardCharsets.UTF_8));
  }

  private Request withAuthorization(String host, Request request, @Nullable String value) {
    if (value == null || !isRegistryOrigin(host, request.url())) {
      return request; // never send the registry's credentials to another host (upload Locations)
    }
    return request.newBuilder().header("Authorization", value).build();
  }
}
