package dev.ocipkg.internal.registry;

import dev.ocipkg.internal.config.LoaderConfig;
import dev.ocipkg.internal.http.HttpExchanges;
import dev.ocipkg.internal.http.HttpUrl;
import dev.ocipkg.internal.http.Request;
import dev.ocipkg.internal.http.RequestBody;
import dev.ocipkg.internal.http.Response;
import dev.ocipkg.internal.io.ExpiringCache;
import dev.ocipkg.internal.io.ForeignText;
import dev.ocipkg.internal.io.JsonValue;
import dev.ocipkg.internal.io.MadeOnFirstUse;
import dev.ocipkg.internal.io.TimeSource;
import dev.ocipkg.internal.registry.credentials.Credential;
import java.io.IOException;
import java.io.InputStream;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;

/**
 * The bearer-token flow (Docker token authentication, as ghcr.io, Docker Hub and Harbor use it):
 * asks the challenge's realm for a token for the service and scopes, with credentials where there
 * are some and anonymously otherwise, and keeps it per host and scopes until shortly before it
 * expires. An identity token (OAuth2 refresh token) is exchanged with a POST, as Docker does.
 *
 * <p>The realm's own scheme and host decide where credentials may go: https anywhere, plain http
 * only to a loopback realm (or, without credentials, to a host configured insecure), whatever the
 * registry that named the realm is. A token response has the whole-call deadline of a document.
 */
final class BearerTokens {
  private static final int MAX_TOKEN_RESPONSE_BYTES = 1024 * 1024;

  /** Registries must accept tokens for at least 60 s (distribution's token spec default). */
  private static final long DEFAULT_LIFETIME_SECONDS = 60;

  /** A token this close to expiry is not used: it could expire in flight. */
  private static final long EXPIRY_MARGIN_SECONDS = 5;

  /** Tokens kept at most: one per host and set of scopes, so a long-running JVM stays bounded. */
  private static final int MAX_TOKENS = 1000;

  private record Key(String host, Set<String> scopes) {}

  /** A token and how long it is good for, from {@code expires_in} less the margin. */
  private record Token(String value, long lifetimeNanos) {}

  private final HttpExchanges http;
  private final LoaderConfig config;

  /**
   * Made with the first token: a pull from a registry that asks for none (anonymous, on loopback)
   * makes none.
   */
  private final MadeOnFirstUse<ExpiringCache<Key, Token>> cache;

  BearerTokens(HttpExchanges http, LoaderConfig config) {
    this.http = http;
    this.config = config;
    this.cache = new MadeOnFirstUse<>(() -> newCache(config.time()));
  }

  /** A cached, unexpired {@code Bearer …} header value for these scopes, or null. */
  @Nullable String cached(String host, List<String> scopes) {
    ExpiringCache<Key, Token> c = cache.ifMade();
    if (c == null) {
      return null;
    }
    Token t = c.getIfPresent(new Key(host, new TreeSet<>(scopes)));
    return t == null ? null : "Bearer " + t.value();
  }

  private static ExpiringCache<Key, Token> newCache(TimeSource time) {
    return new ExpiringCache<>(token -> Duration.ofNanos(token.lifetimeNanos()), MAX_TOKENS, time);
  }

  /**
   * Fetches a token from the challenge's realm and caches it.
   *
   * @throws RegistryException if the token service refuses (401/403: wrong credentials)
   * @throws RefusedRequestException if the realm may not be asked, or answers without a token
   */
  String fetch(
      String host, Challenge challenge, List<String> scopes, @Nullable Credential credential)
      throws IOException {
    String realm = challenge.realm();
    if (realm == null) {
      throw new RefusedRequestException(
          host + " asked for a bearer token but named no realm to get it from", host, null);
    }
    HttpUrl realmUrl = HttpUrl.parse(realm);
    if (realmUrl == null) {
      throw new RefusedRequestException(
          host + " named a token realm that is not a URL: \"" + ForeignText.escape(realm) + "\"",
          host,
          null);
    }
    requireRealmAllowed(host, realmUrl, credential);
    Request request = tokenRequest(realmUrl, challenge, scopes, credential);
    Deadline deadline = Deadline.after(config.documentTimeout(), true);
    String what = "a token (token service " + realmUrl.hostAndPort() + ")";
    try (Response response = deadline.exchange(http, request)) {
      if (response.code() == 401 || response.code() == 403) {
        throw new RegistryException(
            tokenService(realmUrl, host)
                + " refused "
                + (credential == null
                    ? "an anonymous request"
                    : "the credentials of "
                        + credential.username()
                        + " from "
                        + credential.source())
                + ": HTTP "
                + response.code(),
            host,
            response.code(),
            null);
      }
      if (!response.isSuccessful()) {
        throw new RegistryException(
            "the token service of " + host + " answered HTTP " + response.code(),
            host,
            response.code(),
            null);
      }
      JsonValue body;
      try (InputStream in = response.body().byteStream()) {
        byte[] bytes = in.readNBytes(MAX_TOKEN_RESPONSE_BYTES + 1);
        if (bytes.length > MAX_TOKEN_RESPONSE_BYTES) {
          throw new RefusedRequestException(
              "the token response of " + host + " is larger than 1 MiB", host, null);
        }
        body = parsed(bytes, host);
      }
      String token = text(body, "token");
      if (token == null) {
        token = text(body, "access_token");
      }
      if (token == null) {
        throw new RefusedRequestException(
            tokenService(realmUrl, host) + " answered without a token",
            host,
            "the token service is misconfigured; tell the registry's operator");
      }
      if (!token.chars().allMatch(c -> c > 0x20 && c < 0x7f)) {
        // A line break would end the header and start one of the server's choosing.
        throw new RefusedRequestException(
            tokenService(realmUrl, host)
                + " answered with a token that is not printable ASCII, which no header can carry",
            host,
            "the token service is misconfigured or hostile; tell the registry's operator");
      }
      // A number, written 3600 or 3600.0 (token services in Python write floats).
      JsonValue expiresIn = body.path("expires_in");
      long lifetime =
          expiresIn.isNumber() && expiresIn.doubleValue() >= 1
              ? (long) Math.min(expiresIn.doubleValue(), Long.MAX_VALUE)
              : DEFAULT_LIFETIME_SECONDS;
      long usable = Math.max(0, lifetime - EXPIRY_MARGIN_SECONDS);
      cache
          .get()
          .put(
              new Key(host, new TreeSet<>(scopes)),
              new Token(token, TimeUnit.SECONDS.toNanos(usable)));
      return "Bearer " + token;
    } catch (RegistryException | RefusedRequestException e) {
      throw e;
    } catch (IOException e) {
      throw deadline.explain(e, what, host);
    }
  }

  /**
   * Plain http is for loopback realms only when credentials go along; without them also for a realm
   * on a host configured insecure. The registry's own classification does not count: a loopback
   * registry may name any realm.
   */
  private void requireRealmAllowed(String host, HttpUrl realm, @Nullable Credential credential)
      throws RefusedRequestException {
    if (realm.isHttps()) {
      return;
    }
    String realmHost = realm.hostAndPort();
    if (LoopbackHosts.isLoopback(realm.host())) {
      return;
    }
    if (credential == null && (config.isInsecure(realmHost) || config.isInsecure(realm.host()))) {
      return;
    }
    throw new RefusedRequestException(
        "refusing the plain-http token realm "
            + realmHost
            + " of "
            + host
            + (credential == null
                ? ": tokens travel over https only"
                : ": the credentials of "
                    + credential.username()
                    + " from "
                    + credential.source()
                    + " would travel in clear text"),
        host,
        credential == null
            ? "serve the token service over https, or name its host in ocipkg.insecure"
            : "serve the token service over https; credentials go over plain http to loopback"
                + " only");
  }

  private static Request tokenRequest(
      HttpUrl realm, Challenge challenge, List<String> scopes, @Nullable Credential credential) {
    String service = challenge.service();
    if (credential != null && credential.kind() == Credential.Kind.IDENTITY_TOKEN) {
      // OAuth2: exchange the refresh (identity) token for an access token.
      StringBuilder form =
          new StringBuilder("grant_type=refresh_token&refresh_token=")
              .append(formEncoded(credential.secret()))
              .append("&client_id=ocipkg");
      if (service != null) {
        form.append("&service=").append(formEncoded(service));
      }
      if (!scopes.isEmpty()) {
        form.append("&scope=").append(formEncoded(String.join(" ", scopes)));
      }
      return new Request.Builder()
          .url(realm)
          .post(
              RequestBody.create(
                  form.toString().getBytes(StandardCharsets.UTF_8),
                  "application/x-www-form-urlencoded"))
          .build();
    }
    HttpUrl.Builder url = realm.newBuilder();
    if (service != null) {
      url.addQueryParameter("service", service);
    }
    for (String scope : scopes) {
      url.addQueryParameter("scope", scope);
    }
    Request.Builder b = new Request.Builder().url(url.build()).get();
    if (credential != null) {
      b.header("Authorization", Authenticating.basic(credential));
    }
    return b.build();
  }

  /** {@code the token service <realm host:port> of <registry>}, for messages. */
  private static String tokenService(HttpUrl realm, String host) {
    return "the token service " + realm.hostAndPort() + " of " + host;
  }

  private static String formEncoded(String value) {
    return URLEncoder.encode(value, StandardCharsets.UTF_8);
  }

  /**
   * The token response's JSON. A malformed one is reported by where it breaks only: the reader's
   * own message may name a field of it, which may be part of the token.
   */
  private static JsonValue parsed(byte[] bytes, String host) throws IOException {
    try {
      return JsonValue.parse(bytes);
    } catch (JsonValue.MalformedJson e) {
      throw new RefusedRequestException(
          "the token response of " + host + " is not valid JSON" + e.position(),
          host,
          "the token service is misconfigured; tell the registry's operator");
    }
  }

  private static @Nullable String text(JsonValue body, String field) {
    JsonValue v = body.path(field);
    return v.isTextual() && !v.asText().isEmpty() ? v.asText() : null;
  }
}
