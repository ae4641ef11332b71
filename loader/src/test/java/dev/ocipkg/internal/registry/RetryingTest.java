package dev.ocipkg.internal.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ocipkg.internal.http.Request;
import dev.ocipkg.internal.http.Response;
import dev.ocipkg.internal.registry.credentials.CredentialResolver;
import java.io.IOException;
import java.net.ConnectException;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The retry step alone, over a scripted next step. */
class RetryingTest {
  private final ScriptedStep next = new ScriptedStep();
  private final Retrying retrying =
      new Retrying(
          new RetryPolicy(3, Duration.ofMillis(1), Duration.ofMillis(5)),
          new RegistryFailures(CredentialResolver.none(), Duration.ofSeconds(1)),
          next);
  private final Request get =
      new Request.Builder().url("http://127.0.0.1:1/v2/a/manifests/1").build();

  @Test
  void aRetryableStatusIsTriedAgainUntilAnAnswer() throws IOException {
    next.then(503).then(429, "Retry-After", "0").then(200);

    try (Response r = retrying.proceed("127.0.0.1:1", List.of(), get)) {
      assertThat(r.code()).isEqualTo(200);
    }
    assertThat(next.seen).hasSize(3);
  }

  @Test
  void aStatusThatPersistsIsThrownWithTheCount() {
    next.then(503).then(503).then(503);

    assertThatThrownBy(() -> retrying.proceed("127.0.0.1:1", List.of(), get))
        .isInstanceOf(RegistryException.class)
        .hasMessageContaining("failed after 3 attempts: HTTP 503");
  }

  @Test
  void connectionFailuresAreRetriedAndCounted() {
    next.thenThrow(new ConnectException("refused"))
        .thenThrow(new ConnectException("refused"))
        .thenThrow(new ConnectException("refused"));

    assertThatThrownBy(() -> retrying.proceed("127.0.0.1:1", List.of(), get))
        .hasMessageStartingWith("cannot reach 127.0.0.1:1 after 3 attempts");
    assertThat(next.seen).hasSize(3);
  }

  @Test
  void aRefusalIsFinal() {
    next.thenThrow(new RefusedRequestException("refusing x", "127.0.0.1:1", null));

    assertThatThrownBy(() -> retrying.proceed("127.0.0.1:1", List.of(), get))
        .isInstanceOf(RefusedRequestException.class)
        .hasMessage("refusing x");
    assertThat(next.seen).hasSize(1);
  }

  @Test
  void aPostIsNeverRepeated() throws IOException {
    Request post =
        get.newBuilder()
            .post(dev.ocipkg.internal.http.RequestBody.create(new byte[0], null))
            .build();
    next.then(503);

    try (Response r = retrying.proceed("127.0.0.1:1", List.of(), post)) {
      assertThat(r.code()).isEqualTo(503);
    }
    assertThat(next.seen).hasSize(1);
  }

  @Test
  void noRetryOnceTheDeadlineHasPassed() {
    Request withDeadline =
        get.newBuilder().tag(Deadline.class, Deadline.after(Duration.ofNanos(1), true)).build();
    next.thenThrow(new ConnectException("refused"));

    assertThatThrownBy(() -> retrying.proceed("127.0.0.1:1", List.of(), withDeadline))
        .isInstanceOf(DeadlineExceededException.class)
        .hasMessageContaining("did not arrive within");
    assertThat(next.seen).hasSize(1);
  }
}
