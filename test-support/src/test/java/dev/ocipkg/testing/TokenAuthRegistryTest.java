package dev.ocipkg.testing;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

class TokenAuthRegistryTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String INDEX_PATH = "/v2/acme/libfoo/manifests/1.2.0";

  @RegisterExtension static RegistryExtension registry = RegistryExtension.tokenAuth();

  static WrittenLayout layout;
  static List<TokenRequest> pushTokenRequests;

  @BeforeAll
  static void push(@TempDir Path dir) throws Exception {
    layout = Fixtures.libfoo(dir, "1.2.0");
    Skopeo.locate().copyAll(dir, "1.2.0", registry.server(), "acme/libfoo:1.2.0");
    pushTokenRequests = registry.tokenService().requests();
  }

  @Test
  void skopeoPushedWithAUserTokenThatGrantedPush() {
    assertThat(pushTokenRequests)
        .anySatisfy(
            request -> {
              assertThat(request.user()).hasValue(registry.username());
              assertThat(request.status()).isEqualTo(200);
              assertThat(request.granted()).contains("repository:acme/libfoo:pull,push");
            });
  }

  @Test
  void bearerChallengeTokenAndRetryServeTheIndex() throws Exception {
    RegistryHttp http = new RegistryHttp(registry.server());

    HttpResponse<byte[]> unauthorized = http.get(INDEX_PATH, MediaTypes.OCI_INDEX, "");
    assertThat(unauthorized.statusCode()).isEqualTo(401);
    Map<String, String> challenge = RegistryHttp.challenge(unauthorized);
    assertThat(challenge)
        .containsEntry("realm", registry.tokenService().realm().toString())
        .containsEntry("service", registry.tokenService().service())
        .containsEntry("scope", "repository:acme/libfoo:pull");

    HttpResponse<byte[]> tokenResponse =
        http.requestToken(
            challenge,
            challenge.get("scope"),
            RegistryHttp.basic(registry.username(), registry.password()));
    JsonNode body = JSON.readTree(tokenResponse.body());
    assertThat(body.get("access_token").asText()).isEqualTo(body.get("token").asText());
    assertThat(body.get("expires_in").asLong()).isEqualTo(300);
    assertThat(body.has("issued_at")).isTrue();
    JsonNode claims = claims(body.get("token").asText());
    assertThat(claims.get("iss").asText()).isEqualTo(registry.tokenService().issuer());
    assertThat(claims.get("aud").asText()).isEqualTo(registry.tokenService().service());
    assertThat(claims.get("sub").asText()).isEqualTo(registry.username());

    HttpResponse<byte[]> index =
        http.get(INDEX_PATH, MediaTypes.OCI_INDEX, "Bearer " + body.get("token").asText());
    assertThat(index.statusCode()).isEqualTo(200);
    assertThat(Sha256.digest(index.body())).isEqualTo(layout.indexDigest());
    assertThat(index.headers().firstValue("Docker-Content-Digest")).hasValue(layout.indexDigest());

    WrittenManifest darwin = layout.manifest("darwin/arm64");
    HttpResponse<byte[]> manifest =
        http.getWithBearer(
            "/v2/acme/libfoo/manifests/" + darwin.digest(),
            MediaTypes.OCI_MANIFEST,
            RegistryHttp.basic(registry.username(), registry.password()));
    assertThat(Sha256.digest(manifest.body())).isEqualTo(darwin.digest());
    assertThat(manifest.headers().firstValue("Docker-Content-Digest")).hasValue(darwin.digest());
  }

  @Test
  void anonymousTokensPullButCannotPush() throws Exception {
    RegistryHttp http = new RegistryHttp(registry.server());
    Map<String, String> challenge =
        RegistryHttp.challenge(http.get(INDEX_PATH, MediaTypes.OCI_INDEX, ""));
    registry.tokenService().clearRequests();

    String token =
        RegistryHttp.token(http.requestToken(challenge, "repository:acme/libfoo:pull,push", ""));

    assertThat(registry.tokenService().requests())
        .singleElement()
        .satisfies(
            request -> {
              assertThat(request.anonymous()).isTrue();
              assertThat(request.scopes()).containsExactly("repository:acme/libfoo:pull,push");
              assertThat(request.granted()).containsExactly("repository:acme/libfoo:pull");
            });
    HttpResponse<byte[]> pull = http.get(INDEX_PATH, MediaTypes.OCI_INDEX, "Bearer " + token);
    assertThat(Sha256.digest(pull.body())).isEqualTo(layout.indexDigest());

    HttpResponse<byte[]> push =
        http.send(
            HttpRequest.newBuilder(registry.baseUri().resolve("/v2/acme/libfoo/blobs/uploads/"))
                .header("Authorization", "Bearer " + token)
                .POST(HttpRequest.BodyPublishers.noBody()));
    assertThat(push.statusCode()).isEqualTo(401);
    assertThat(RegistryHttp.challenge(push)).containsEntry("error", "insufficient_scope");
  }

  @Test
  void wrongPasswordIsRejectedByTheTokenService() throws Exception {
    RegistryHttp http = new RegistryHttp(registry.server());
    Map<String, String> challenge =
        RegistryHttp.challenge(http.get(INDEX_PATH, MediaTypes.OCI_INDEX, ""));
    registry.tokenService().clearRequests();

    HttpResponse<byte[]> response =
        http.requestToken(
            challenge, challenge.get("scope"), RegistryHttp.basic(registry.username(), "wrong"));

    assertThat(response.statusCode()).isEqualTo(401);
    assertThat(registry.tokenService().requests())
        .singleElement()
        .satisfies(
            request -> {
              assertThat(request.user()).hasValue(registry.username());
              assertThat(request.status()).isEqualTo(401);
              assertThat(request.granted()).isEmpty();
            });
  }

  @Test
  void oauth2PasswordAndRefreshTokenGrants() throws Exception {
    RegistryHttp http = new RegistryHttp(registry.server());
    String realm = registry.tokenService().realm().toString();
    String form =
        "grant_type=password&service=ocipkg-test-registry&client_id=test&access_type=offline"
            + "&scope=repository%3Aacme%2Flibfoo%3Apull&username="
            + registry.username()
            + "&password="
            + registry.password();
    JsonNode first = JSON.readTree(post(http, realm, form).body());
    assertThat(first.get("scope").asText()).isEqualTo("repository:acme/libfoo:pull");
    String refreshToken = first.get("refresh_token").asText();

    HttpResponse<byte[]> refreshed =
        post(
            http,
            realm,
            "grant_type=refresh_token&service=ocipkg-test-registry&client_id=test"
                + "&scope=repository%3Aacme%2Flibfoo%3Apull&refresh_token="
                + refreshToken);
    assertThat(refreshed.statusCode()).isEqualTo(200);
    String token = JSON.readTree(refreshed.body()).get("access_token").asText();
    assertThat(http.get(INDEX_PATH, MediaTypes.OCI_INDEX, "Bearer " + token).statusCode())
        .isEqualTo(200);
    assertThat(registry.tokenService().requests())
        .extracting(TokenRequest::grant)
        .contains("password", "refresh_token");
  }

  @Test
  void registryRejectsATokenOnceItsAdvertisedLifetimeHasPassed() throws Exception {
    try (RegistryServer shortLived =
        RegistryServer.builder()
            .tokenAuth()
            // issued_at has whole seconds: a fresh token may have only 4 s left, enough for the
            // next request on a loaded machine
            .tokenLifetime(Duration.ofSeconds(5))
            .anonymousPull(false)
            .start()) {
      RegistryHttp http = new RegistryHttp(shortLived);
      Map<String, String> challenge = RegistryHttp.challenge(http.get("/v2/", "*/*", ""));
      String scope = "repository:acme/libfoo:pull";

      assertThat(http.requestToken(challenge, scope, "").statusCode())
          .as("anonymous pull switched off")
          .isEqualTo(401);
      HttpResponse<byte[]> tokenResponse =
          http.requestToken(
              challenge, scope, RegistryHttp.basic(shortLived.username(), shortLived.password()));
      JsonNode body = JSON.readTree(tokenResponse.body());
      assertThat(body.get("expires_in").asLong()).isEqualTo(5);
      String bearer = "Bearer " + RegistryHttp.token(tokenResponse);

      assertThat(http.get("/v2/", "*/*", bearer).statusCode()).isEqualTo(200);
      // issued_at has whole seconds, so the token is dead at most 5 s after it, whatever the load.
      Instant expired = Instant.parse(body.get("issued_at").asText()).plusMillis(5_200);
      Thread.sleep(Math.max(0, Duration.between(Instant.now(), expired).toMillis()));
      assertThat(http.get("/v2/", "*/*", bearer).statusCode()).isEqualTo(401);
    }
  }

  private static HttpResponse<byte[]> post(RegistryHttp http, String realm, String form)
      throws Exception {
    return http.send(
        HttpRequest.newBuilder(java.net.URI.create(realm))
            .header("Content-Type", "application/x-www-form-urlencoded")
            .POST(HttpRequest.BodyPublishers.ofString(form)));
  }

  private static JsonNode claims(String jwt) throws Exception {
    List<String> parts = List.of(jwt.split("\\."));
    assertThat(parts).hasSize(3);
    JsonNode header = JSON.readTree(Base64.getUrlDecoder().decode(parts.get(0)));
    assertThat(header.get("alg").asText()).isEqualTo("ES256");
    assertThat(header.get("x5c")).hasSize(1);
    return JSON.readTree(
        new String(Base64.getUrlDecoder().decode(parts.get(1)), StandardCharsets.UTF_8));
  }
}
