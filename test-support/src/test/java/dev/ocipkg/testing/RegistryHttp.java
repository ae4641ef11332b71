package dev.ocipkg.testing;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The tests' own minimal registry client on the JDK's HttpClient: the tests do the auth flows by
 * hand so that they check the harness, not some client library.
 */
final class RegistryHttp {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Pattern CHALLENGE_PARAM = Pattern.compile("(\\w+)=\"([^\"]*)\"");

  private final RegistryServer registry;
  private final HttpClient client;

  RegistryHttp(RegistryServer registry) {
    this.registry = registry;
    HttpClient.Builder builder =
        HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5));
    if (registry.mode().tls()) {
      builder.sslContext(registry.sslContext());
    }
    this.client = builder.build();
  }

  HttpResponse<byte[]> get(String path, String accept, String authorization)
      throws IOException, InterruptedException {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(registry.baseUri().resolve(path)).header("Accept", accept).GET();
    if (!authorization.isEmpty()) {
      request.header("Authorization", authorization);
    }
    return send(request);
  }

  HttpResponse<byte[]> send(HttpRequest.Builder request) throws IOException, InterruptedException {
    return client.send(
        request.timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofByteArray());
  }

  static String basic(String user, String password) {
    return "Basic "
        + Base64.getEncoder()
            .encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
  }

  /** {@code Bearer realm="…",service="…",scope="…"} as a map. */
  static Map<String, String> challenge(HttpResponse<?> unauthorized) {
    String header = unauthorized.headers().firstValue("WWW-Authenticate").orElseThrow();
    if (!header.startsWith("Bearer ")) {
      throw new AssertionError("not a Bearer challenge: " + header);
    }
    Map<String, String> params = new LinkedHashMap<>();
    Matcher m = CHALLENGE_PARAM.matcher(header);
    while (m.find()) {
      params.put(m.group(1), m.group(2));
    }
    return params;
  }

  /** GETs a token from the challenge's realm; {@code authorization} may be empty (anonymous). */
  HttpResponse<byte[]> requestToken(
      Map<String, String> challenge, String scope, String authorization)
      throws IOException, InterruptedException {
    URI uri =
        URI.create(
            challenge.get("realm")
                + "?service="
                + URLEncoder.encode(challenge.get("service"), StandardCharsets.UTF_8)
                + "&scope="
                + URLEncoder.encode(scope, StandardCharsets.UTF_8));
    HttpRequest.Builder request = HttpRequest.newBuilder(uri).GET();
    if (!authorization.isEmpty()) {
      request.header("Authorization", authorization);
    }
    return send(request);
  }

  static String token(HttpResponse<byte[]> tokenResponse) throws IOException {
    if (tokenResponse.statusCode() != 200) {
      throw new AssertionError(
          "token request answered "
              + tokenResponse.statusCode()
              + ": "
              + new String(tokenResponse.body(), StandardCharsets.UTF_8));
    }
    return JSON.readTree(tokenResponse.body()).get("token").asText();
  }

  /** GET with the full bearer flow: try, read the challenge, fetch a token, retry. */
  HttpResponse<byte[]> getWithBearer(String path, String accept, String credentials)
      throws IOException, InterruptedException {
    HttpResponse<byte[]> first = get(path, accept, "");
    if (first.statusCode() != 401) {
      return first;
    }
    Map<String, String> challenge = challenge(first);
    String token = token(requestToken(challenge, challenge.get("scope"), credentials));
    return get(path, accept, "Bearer " + token);
  }
}
