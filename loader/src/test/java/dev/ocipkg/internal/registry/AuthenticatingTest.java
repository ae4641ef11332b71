package dev.ocipkg.internal.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ocipkg.internal.config.LoaderConfig;
import dev.ocipkg.internal.http.HttpExchanges;
import dev.ocipkg.internal.http.Request;
import dev.ocipkg.internal.http.Response;
import dev.ocipkg.internal.registry.credentials.Credential;
import dev.ocipkg.internal.registry.credentials.CredentialResolver;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The authentication step alone, over a scripted next step. */
class AuthenticatingTest {
  private static final String HOST = "registry.example";

  @TempDir Path cache;
  private final ScriptedStep next = new ScriptedStep();
  private final List<Credential> forgotten = new ArrayList<>();
  private final Credential alice = Credential.password("alice", "secret", "the test");

  private Authenticating step(boolean withCredentials) {
    LoaderConfig config = LoaderConfig.builder().cacheDir(cache).build();
    CredentialResolver resolver =
        new CredentialResolver() {
          @Override
          public Optional<Credential> find(String host) {
            return withCredentials && host.equals(HOST) ? Optional.of(alice) : Optional.empty();
          }

          @Override
          public void forget(String host, Credential refused) {
            forgotten.add(refused);
          }
        };
    return new Authenticating(
        new SchemeMemory(config),
        new BearerTokens(
            new HttpExchanges(Duration.ofSeconds(10), Duration.ofSeconds(10), null), config),
        resolver,
        next);
  }

  private final Request get =
      new Request.Builder().url("https://" + HOST + "/v2/a/manifests/1").build();

  @Test
  void aBasicChallengeIsAnsweredOnceAndTheCredentialsGoUpFrontAfterwards() throws IOException {
    next.then(401, "WWW-Authenticate", "Basic realm=\"r\"").then(200).then(200);
    Authenticating step = step(true);

    step.proceed(HOST, List.of(), get).close();
    step.proceed(HOST, List.of(), get).close();

    assertThat(next.seen.get(0).header("Authorization")).isNull();
    assertThat(next.seen.get(1).header("Authorization")).startsWith("Basic ");
    assertThat(next.seen.get(2).header("Authorization")).startsWith("Basic ");
  }

  @Test
  void refusedBasicCredentialsAreForgottenAndNotSentAgainInALoop() throws IOException {
    next.then(401, "WWW-Authenticate", "Basic realm=\"r\"")
        .then(401, "WWW-Authenticate", "Basic realm=\"r\"");

    try (Response r = step(true).proceed(HOST, List.of(), get)) {
      assertThat(r.code()).isEqualTo(401);
    }
    assertThat(next.seen).hasSize(2);
    assertThat(forgotten).containsExactly(alice);
  }

  @Test
  void withoutCredentialsThe401Stands() throws IOException {
    next.then(401, "WWW-Authenticate", "Basic realm=\"r\"");

    try (Response r = step(false).proceed(HOST, List.of(), get)) {
      assertThat(r.code()).isEqualTo(401);
    }
    assertThat(next.seen).hasSize(1);
  }

  @Test
  void aChallengeFromAnotherOriginIsRefusedNotAnswered() {
    Request redirected = get.newBuilder().url("https://storage.example/blob").build();
    next.replyTo401From(redirected);

    assertThatThrownBy(() -> step(true).proceed(HOST, List.of(), get))
        .isInstanceOf(RefusedRequestException.class)
        .hasMessageContaining("storage.example:443, which asks for authentication");
    assertThat(next.seen).hasSize(1);
  }

  /**
   * A loopback registry remembered as https but answering over http (the fallback turns the request
   * into plain http below this step): the resent request must still carry the credentials. It went
   * without them when the origin check compared schemes too.
   */
  @Test
  void credentialsGoAlongWhenTheSchemeFellBackBelowThisStep() throws IOException {
    String loopback = "127.0.0.1:9";
    Request https =
        new Request.Builder().url("https://" + loopback + "/v2/a/blobs/sha256:1").head().build();
    Request fellBack =
        https.newBuilder().url("http://" + loopback + "/v2/a/blobs/sha256:1").build();
    next.replyTo401From(fellBack).then(200);
    LoaderConfig config = LoaderConfig.builder().cacheDir(cache).build();
    Authenticating step =
        new Authenticating(
            new SchemeMemory(config),
            new BearerTokens(
                new HttpExchanges(Duration.ofSeconds(10), Duration.ofSeconds(10), null), config),
            new CredentialResolver() {
              @Override
              public Optional<Credential> find(String host) {
                return Optional.of(alice);
              }
            },
            next);

    try (Response r = step.proceed(loopback, List.of(), https)) {
      assertThat(r.code()).isEqualTo(200);
    }
    assertThat(next.seen.get(1).header("Authorization")).startsWith("Basic ");
  }
}
