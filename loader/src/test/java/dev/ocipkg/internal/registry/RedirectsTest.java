package dev.ocipkg.internal.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ocipkg.internal.http.Request;
import dev.ocipkg.internal.http.Response;
import java.io.IOException;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The redirect step alone, over a scripted next step. */
class RedirectsTest {
  private final ScriptedStep next = new ScriptedStep();
  private final Redirects redirects = new Redirects(next);
  private final Request get =
      new Request.Builder()
          .url("https://registry.example/v2/a/blobs/sha256:1")
          .header("Authorization", "Bearer secret")
          .build();

  @Test
  void authorizationIsDroppedOnAnotherOriginAndKeptOnTheSame() throws IOException {
    next.then(307, "Location", "/v2/a/blobs/sha256:1?same=1")
        .then(307, "Location", "https://storage.example/blob")
        .then(200);

    try (Response r = redirects.proceed("registry.example", List.of(), get)) {
      assertThat(r.code()).isEqualTo(200);
    }
    assertThat(next.seen.get(1).header("Authorization")).isEqualTo("Bearer secret");
    assertThat(next.seen.get(2).url().host()).isEqualTo("storage.example");
    assertThat(next.seen.get(2).header("Authorization")).isNull();
  }

  @Test
  void headStaysHead() throws IOException {
    next.then(307, "Location", "https://storage.example/blob").then(200);

    redirects.proceed("registry.example", List.of(), get.newBuilder().head().build()).close();

    assertThat(next.seen.get(1).method()).isEqualTo("HEAD");
  }

  @Test
  void httpsToHttpIsRefused() {
    next.then(302, "Location", "http://storage.example/blob");

    assertThatThrownBy(() -> redirects.proceed("registry.example", List.of(), get))
        .isInstanceOf(RefusedRequestException.class)
        .hasMessageContaining("refusing a redirect from https to plain http (storage.example:80)");
  }

  @Test
  void aLoopEndsAfterTheLimit() {
    for (int i = 0; i <= Redirects.MAX_REDIRECTS; i++) {
      next.then(307, "Location", "/v2/a/blobs/sha256:1");
    }

    assertThatThrownBy(() -> redirects.proceed("registry.example", List.of(), get))
        .isInstanceOf(RefusedRequestException.class)
        .hasMessageContaining("too many redirects");
    assertThat(next.seen).hasSize(Redirects.MAX_REDIRECTS + 1);
  }

  @Test
  void anExpiredPresignedUrlSendsTheRequestBackToTheRegistryOnce() throws IOException {
    next.then(307, "Location", "https://storage.example/blob?sig=old")
        .then(403)
        .then(307, "Location", "https://storage.example/blob?sig=new")
        .then(200);

    try (Response r = redirects.proceed("registry.example", List.of(), get)) {
      assertThat(r.code()).isEqualTo(200);
    }
    assertThat(next.seen.get(2).url().host()).isEqualTo("registry.example");
    assertThat(next.seen.get(3).url().encodedQuery()).isEqualTo("sig=new");
  }

  @Test
  void aLocationThatIsNoUrlIsRefusedAndQuoted() {
    next.then(307, "Location", "http://[no-url");

    assertThatThrownBy(() -> redirects.proceed("registry.example", List.of(), get))
        .isInstanceOf(RefusedRequestException.class)
        .hasMessageContaining("without a usable Location (http://[no-url)");
  }
}
