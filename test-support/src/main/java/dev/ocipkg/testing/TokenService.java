package dev.ocipkg.testing;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.AbstractMap;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import javax.net.ssl.SSLContext;
import org.jspecify.annotations.Nullable;

/**
 * A test token service for Distribution's {@code auth.token} mode, the flow ghcr.io and Docker Hub
 * use: the registry answers 401 with {@code WWW-Authenticate: Bearer realm=…,service=…,scope=…},
 * the client fetches a JWT here and retries with {@code Authorization: Bearer}.
 *
 * <p>Policy: the configured user gets every requested action ({@code pull}, {@code push}, {@code
 * delete}, {@code *}) on repositories and {@code registry:catalog:*}; a request without credentials
 * gets {@code pull} only, like a public image on ghcr.io, unless anonymous pull is switched off; a
 * wrong password gets 401. Every request is recorded in {@link #requests()}.
 *
 * <p>Protocols: {@code GET /token?service=…&scope=…&scope=…[&offline_token=true]} with optional
 * Basic credentials, and the OAuth2 form {@code POST /token} with {@code grant_type=password}
 * ({@code username}, {@code password}, {@code access_type=offline} for a refresh token) or {@code
 * grant_type=refresh_token}.
 *
 * <p>Lifetime: Distribution accepts a token until 60 s (its clock-skew leeway) after its {@code
 * exp}. So that the registry rejects a token when the advertised {@code expires_in} has passed —
 * which lets tests with lifetimes of a few seconds see expiry and refresh — {@code exp} is written
 * as issue time + lifetime − 60 s. Clients must treat tokens as opaque and use {@code expires_in}.
 */
public final class TokenService implements AutoCloseable {
  static final String SERVICE = "ocipkg-test-registry";
  static final String ISSUER = "ocipkg-test-token-service";
  private static final long REGISTRY_LEEWAY_SECONDS = 60;
  private static final int MAX_BODY = 64 * 1024;
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final SecureRandom RANDOM = new SecureRandom();

  private final HttpServer server;
  private final ExecutorService executor;
  private final KeyAndCertificate signingKey;
  private final JwtSigner signer;
  private final String username;
  private final String password;
  private final boolean anonymousPull;
  private final Duration lifetime;
  private final URI realm;
  private final List<TokenRequest> requests = new CopyOnWriteArrayList<>();
  private final Map<String, String> refreshTokens = new ConcurrentHashMap<>();

  private TokenService(
      HttpServer server,
      ExecutorService executor,
      String username,
      String password,
      boolean anonymousPull,
      Duration lifetime,
      String scheme) {
    this.server = server;
    this.executor = executor;
    this.signingKey = TestCertificateAuthority.selfSigned("ocipkg test token signer");
    this.signer = new JwtSigner(signingKey);
    this.username = username;
    this.password = password;
    this.anonymousPull = anonymousPull;
    this.lifetime = lifetime;
    this.realm = URI.create(scheme + "://127.0.0.1:" + server.getAddress().getPort() + "/token");
  }

  /**
   * Starts a token service on a free loopback port.
   *
   * @param tls serve https with this context, or plain http when null
   */
  static TokenService start(
      String username,
      String password,
      boolean anonymousPull,
      Duration lifetime,
      @Nullable SSLContext tls)
      throws IOException {
    if (lifetime.getSeconds() < 1) {
      throw new IllegalArgumentException("token lifetime must be at least 1s, got " + lifetime);
    }
    InetSocketAddress address = new InetSocketAddress(InetAddress.getLoopbackAddress(), 0);
    HttpServer server;
    if (tls == null) {
      server = HttpServer.create(address, 0);
    } else {
      HttpsServer https = HttpsServer.create(address, 0);
      https.setHttpsConfigurator(new HttpsConfigurator(tls));
      server = https;
    }
    ExecutorService executor =
        Executors.newCachedThreadPool(
            runnable -> {
              Thread thread = new Thread(runnable, "ocipkg-test-token-service");
              thread.setDaemon(true);
              return thread;
            });
    server.setExecutor(executor);
    TokenService service =
        new TokenService(
            server,
            executor,
            username,
            password,
            anonymousPull,
            lifetime,
            tls == null ? "http" : "https");
    server.createContext("/token", service::handle);
    server.start();
    return service;
  }

  /** The URL the registry sends clients to, {@code http(s)://127.0.0.1:PORT/token}. */
  public URI realm() {
    return realm;
  }

  /** The {@code service} value of the registry's challenge and the tokens' audience. */
  public String service() {
    return SERVICE;
  }

  /** The {@code iss} claim of every token, which the registry is configured to trust. */
  public String issuer() {
    return ISSUER;
  }

  /** The lifetime advertised in {@code expires_in} (and enforced by the registry, see above). */
  public Duration tokenLifetime() {
    return lifetime;
  }

  public boolean anonymousPull() {
    return anonymousPull;
  }

  /** Every request so far (since the last {@link #clearRequests()}), oldest first. */
  public List<TokenRequest> requests() {
    return List.copyOf(requests);
  }

  public void clearRequests() {
    requests.clear();
  }

  /** The token signing certificate, which the registry's {@code rootcertbundle} holds. */
  String rootCertificatePem() {
    return Pem.certificate(signingKey.certificate());
  }

  @Override
  public void close() {
    server.stop(0);
    executor.shutdownNow();
  }

  private void handle(HttpExchange exchange) throws IOException {
    try {
      String method = exchange.getRequestMethod();
      if (method.equals("GET")) {
        handleGet(exchange);
      } else if (method.equals("POST")) {
        handlePost(exchange);
      } else {
        exchange.getResponseHeaders().set("Allow", "GET, POST");
        sendError(exchange, 405, "UNSUPPORTED", "use GET or POST");
      }
    } catch (RuntimeException e) {
      sendError(exchange, 500, "INTERNAL", e.toString());
    } finally {
      exchange.close();
    }
  }

  /** The Docker token protocol: credentials, if any, in a Basic header. */
  private void handleGet(HttpExchange exchange) throws IOException {
    Map<String, List<String>> query = parseForm(exchange.getRequestURI().getRawQuery());
    List<String> scopes = scopes(query.getOrDefault("scope", List.of()));
    String header = exchange.getRequestHeaders().getFirst("Authorization");
    if (!checkService(exchange, "GET", query, scopes)) {
      return;
    }
    if (header == null) {
      if (!anonymousPull) {
        record("GET", null, "anonymous", scopes, List.of(), 401);
        sendUnauthorized(exchange, "credentials required: anonymous pull is switched off");
        return;
      }
      issue(exchange, "GET", null, "anonymous", scopes, false);
      return;
    }
    String[] credentials = basicCredentials(header);
    if (credentials == null) {
      record("GET", null, "basic", scopes, List.of(), 401);
      sendUnauthorized(exchange, "Authorization must be Basic credentials");
      return;
    }
    if (!credentials[0].equals(username) || !credentials[1].equals(password)) {
      record("GET", credentials[0], "basic", scopes, List.of(), 401);
      sendUnauthorized(exchange, "wrong user name or password");
      return;
    }
    boolean offline = "true".equals(first(query, "offline_token"));
    issue(exchange, "GET", username, "basic", scopes, offline);
  }

  /** The OAuth2 form that Docker clients use when they hold a refresh (identity) token. */
  private void handlePost(HttpExchange exchange) throws IOException {
    Map<String, List<String>> form;
    try (InputStream body = exchange.getRequestBody()) {
      byte[] bytes = body.readNBytes(MAX_BODY + 1);
      if (bytes.length > MAX_BODY) {
        sendError(exchange, 413, "TOO_LARGE", "form body over " + MAX_BODY + " bytes");
        return;
      }
      form = parseForm(new String(bytes, StandardCharsets.UTF_8));
    }
    List<String> scopes = scopes(form.getOrDefault("scope", List.of()));
    if (!checkService(exchange, "POST", form, scopes)) {
      return;
    }
    String grantType = String.valueOf(first(form, "grant_type"));
    if (grantType.equals("password")) {
      String user = first(form, "username");
      if (!username.equals(user) || !password.equals(first(form, "password"))) {
        record("POST", user, "password", scopes, List.of(), 401);
        sendUnauthorized(exchange, "wrong user name or password");
        return;
      }
      issue(
          exchange,
          "POST",
          username,
          "password",
          scopes,
          "offline".equals(first(form, "access_type")));
    } else if (grantType.equals("refresh_token")) {
      String refreshToken = first(form, "refresh_token");
      String user = refreshToken == null ? null : refreshTokens.get(refreshToken);
      if (user == null) {
        record("POST", null, "refresh_token", scopes, List.of(), 401);
        sendUnauthorized(exchange, "unknown refresh token");
        return;
      }
      issue(exchange, "POST", user, "refresh_token", scopes, false);
    } else {
      record("POST", null, grantType, scopes, List.of(), 400);
      sendError(
          exchange,
          400,
          "UNSUPPORTED_GRANT_TYPE",
          "grant_type must be password or refresh_token, got " + grantType);
    }
  }

  private boolean checkService(
      HttpExchange exchange, String method, Map<String, List<String>> params, List<String> scopes)
      throws IOException {
    String service = first(params, "service");
    if (service != null && !service.equals(SERVICE)) {
      record(method, null, "unknown-service", scopes, List.of(), 400);
      sendError(
          exchange,
          400,
          "INVALID_SERVICE",
          "unknown service \"" + service + "\", this is " + SERVICE);
      return false;
    }
    return true;
  }

  private void issue(
      HttpExchange exchange,
      String method,
      @Nullable String user,
      String grant,
      List<String> scopes,
      boolean withRefreshToken)
      throws IOException {
    List<Map.Entry<TokenScope, List<String>>> access = new ArrayList<>();
    for (String scope : scopes) {
      TokenScope parsed;
      try {
        parsed = TokenScope.parse(scope);
      } catch (IllegalArgumentException e) {
        record(method, user, grant, scopes, List.of(), 400);
        sendError(exchange, 400, "INVALID_SCOPE", e.getMessage());
        return;
      }
      Set<String> allowed = allowedActions(user, parsed);
      List<String> actions =
          parsed.actions().stream().filter(allowed::contains).distinct().toList();
      if (!actions.isEmpty()) {
        access.add(new AbstractMap.SimpleImmutableEntry<>(parsed, actions));
      }
    }
    long issuedAt = Instant.now().getEpochSecond();
    long expiresAt = issuedAt + lifetime.getSeconds() - REGISTRY_LEEWAY_SECONDS;
    String token =
        signer.sign(ISSUER, user == null ? "" : user, SERVICE, issuedAt, expiresAt, access);
    List<String> granted =
        access.stream()
            .map(
                e ->
                    e.getKey().type()
                        + ":"
                        + e.getKey().name()
                        + ":"
                        + String.join(",", e.getValue()))
            .toList();

    ObjectNode body = JSON.createObjectNode();
    if (method.equals("GET")) {
      body.put("token", token);
    }
    body.put("access_token", token);
    body.put("expires_in", lifetime.getSeconds());
    body.put("issued_at", Instant.ofEpochSecond(issuedAt).toString());
    if (method.equals("POST")) {
      body.put("scope", String.join(" ", granted));
    }
    if (withRefreshToken && user != null) {
      byte[] random = new byte[24];
      RANDOM.nextBytes(random);
      String refreshToken = HexFormat.of().formatHex(random);
      refreshTokens.put(refreshToken, user);
      body.put("refresh_token", refreshToken);
    }
    record(method, user, grant, scopes, granted, 200);
    send(exchange, 200, JSON.writeValueAsBytes(body));
  }

  private static Set<String> allowedActions(@Nullable String user, TokenScope scope) {
    boolean repository = scope.type().equals("repository");
    if (user == null) {
      return repository ? Set.of("pull") : Set.of();
    }
    if (repository) {
      return Set.of("pull", "push", "delete", "*");
    }
    return scope.type().equals("registry") && scope.name().equals("catalog")
        ? Set.of("*")
        : Set.of();
  }

  private void record(
      String method,
      @Nullable String user,
      String grant,
      List<String> scopes,
      List<String> granted,
      int status) {
    requests.add(new TokenRequest(Instant.now(), method, user, grant, scopes, granted, status));
  }

  /** Clients send one {@code scope} parameter per resource, some join several with spaces. */
  private static List<String> scopes(List<String> values) {
    List<String> scopes = new ArrayList<>();
    for (String value : values) {
      for (String scope : value.trim().split(" +")) {
        if (!scope.isEmpty()) {
          scopes.add(scope);
        }
      }
    }
    return scopes;
  }

  private static String @Nullable [] basicCredentials(String header) {
    if (!header.regionMatches(true, 0, "Basic ", 0, 6)) {
      return null;
    }
    String decoded;
    try {
      decoded =
          new String(
              Base64.getDecoder().decode(header.substring(6).trim()), StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      return null;
    }
    int colon = decoded.indexOf(':');
    return colon < 0
        ? null
        : new String[] {decoded.substring(0, colon), decoded.substring(colon + 1)};
  }

  private static Map<String, List<String>> parseForm(@Nullable String encoded) {
    Map<String, List<String>> params = new LinkedHashMap<>();
    if (encoded == null || encoded.isEmpty()) {
      return params;
    }
    for (String pair : encoded.split("&")) {
      int equals = pair.indexOf('=');
      String key =
          URLDecoder.decode(equals < 0 ? pair : pair.substring(0, equals), StandardCharsets.UTF_8);
      String value =
          equals < 0 ? "" : URLDecoder.decode(pair.substring(equals + 1), StandardCharsets.UTF_8);
      params.computeIfAbsent(key, k -> new ArrayList<>()).add(value);
    }
    return params;
  }

  private static @Nullable String first(Map<String, List<String>> params, String key) {
    List<String> values = params.get(key);
    return values == null || values.isEmpty() ? null : values.get(0);
  }

  private static void sendUnauthorized(HttpExchange exchange, String message) throws IOException {
    exchange
        .getResponseHeaders()
        .set("WWW-Authenticate", "Basic realm=\"ocipkg test token service\"");
    sendError(exchange, 401, "UNAUTHORIZED", message);
  }

  private static void sendError(HttpExchange exchange, int status, String code, String message)
      throws IOException {
    ObjectNode body = JSON.createObjectNode();
    ObjectNode error = body.putArray("errors").addObject();
    error.put("code", code);
    error.put("message", message);
    send(exchange, status, JSON.writeValueAsBytes(body));
  }

  private static void send(HttpExchange exchange, int status, byte[] body) throws IOException {
    exchange.getResponseHeaders().set("Content-Type", "application/json");
    exchange.sendResponseHeaders(status, body.length);
    exchange.getResponseBody().write(body);
  }
}
