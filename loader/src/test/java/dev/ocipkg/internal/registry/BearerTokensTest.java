package dev.ocipkg.internal.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ocipkg.internal.config.LoaderConfig;
import dev.ocipkg.internal.http.HttpExchanges;
import dev.ocipkg.internal.io.ManualTime;
import dev.ocipkg.testing.HostileServer;
import dev.ocipkg.testing.HostileServer.Reply;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Token lifetimes on fake time: a token is used until shortly before {@code expires_in} runs out,
 * then fetched again. The token service is a stand-in on loopback (the real one's lifetimes are
 * fixed by its configuration).
 */
class BearerTokensTest {
  private final ManualTime time = new ManualTime();

  private BearerTokens tokens() {
    return new BearerTokens(
        new HttpExchanges(Duration.ofSeconds(10), Duration.ofSeconds(10), null),
        LoaderConfig.builder().time(time).build());
  }

  private static Challenge challenge(HostileServer server) {
    return Challenge.parseOne("Bearer realm=\"http://" + server.host() + "/token\",service=\"s\"");
  }

  @Test
  void aTokenIsUsedUntilFiveSecondsBeforeItsExpiryThenAskedFor() throws Exception {
    try (HostileServer server = HostileServer.start()) {
      server.on("GET", "/token", Reply.json("{\"token\":\"t1\",\"expires_in\":300}"));
      BearerTokens tokens = tokens();
      List<String> scopes = List.of("repository:a:pull");

      assertThat(tokens.fetch("r", challenge(server), scopes, null)).isEqualTo("Bearer t1");
      time.advance(Duration.ofSeconds(294));
      assertThat(tokens.cached("r", scopes)).isEqualTo("Bearer t1");
      time.advance(Duration.ofSeconds(2));
      assertThat(tokens.cached("r", scopes)).isNull();
    }
  }

  @Test
  void withoutExpiresInATokenLastsTheSpecsSixtySeconds() throws Exception {
    try (HostileServer server = HostileServer.start()) {
      server.on("GET", "/token", Reply.json("{\"access_token\":\"t2\"}"));
      BearerTokens tokens = tokens();
      List<String> scopes = List.of("repository:a:pull");

      tokens.fetch("r", challenge(server), scopes, null);
      time.advance(Duration.ofSeconds(54));
      assertThat(tokens.cached("r", scopes)).isEqualTo("Bearer t2");
      time.advance(Duration.ofSeconds(2));
      assertThat(tokens.cached("r", scopes)).isNull();
      assertThat(tokens.cached("r", List.of("repository:b:pull"))).isNull();
    }
  }

  @Test
  void aLifetimeWrittenAsAFloatCountsAsItsSeconds() throws Exception {
    try (HostileServer server = HostileServer.start()) {
      server.on("GET", "/token", Reply.json("{\"token\":\"t3\",\"expires_in\":300.0}"));
      BearerTokens tokens = tokens();
      List<String> scopes = List.of("repository:a:pull");

      tokens.fetch("r", challenge(server), scopes, null);
      time.advance(Duration.ofSeconds(294));
      assertThat(tokens.cached("r", scopes)).isEqualTo("Bearer t3");
    }
  }

  @Test
  void aTokenWithALineBreakIsRefusedBeforeItReachesAHeader() throws Exception {
    try (HostileServer server = HostileServer.start()) {
      server.on("GET", "/token", Reply.json("{\"token\":\"t\\r\\nX-Injected: 1\"}"));

      assertThatThrownBy(
              () -> tokens().fetch("r", challenge(server), List.of("repository:a:pull"), null))
          .isInstanceOf(RefusedRequestException.class)
          .hasMessageContaining("not printable ASCII")
          .hasMessageNotContaining("X-Injected");
    }
  }

  @Test
  void aMalformedTokenResponseIsReportedWithoutItsText() throws Exception {
    try (HostileServer server = HostileServer.start()) {
      // Unquoted: the parser's own message would quote the token it stopped in.
      server.on("GET", "/token", Reply.json("{\"token\": eyJhbGciSECRETtoken\u001b[2J}"));
      BearerTokens tokens = tokens();

      assertThatThrownBy(
              () -> tokens.fetch("r", challenge(server), List.of("repository:a:pull"), null))
          .isInstanceOf(RefusedRequestException.class)
          .hasMessageContaining("the token response of r is not valid JSON at line 1, column")
          .hasMessageNotContaining("SECRET")
          .hasMessageNotContaining("\u001b");
    }
  }
}
