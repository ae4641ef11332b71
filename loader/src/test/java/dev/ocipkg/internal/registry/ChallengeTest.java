package dev.ocipkg.internal.registry;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class ChallengeTest {
  @Test
  void readsABearerChallengeAsGhcrSendsIt() {
    Challenge c =
        Challenge.parse(
            List.of(
                "Bearer realm=\"https://ghcr.io/token\",service=\"ghcr.io\",scope=\"repository:acme/libfoo:pull\""));
    assertThat(c).isNotNull();
    assertThat(c.isBearer()).isTrue();
    assertThat(c.realm()).isEqualTo("https://ghcr.io/token");
    assertThat(c.service()).isEqualTo("ghcr.io");
    assertThat(c.scopes()).containsExactly("repository:acme/libfoo:pull");
    assertThat(c.isInsufficientScope()).isFalse();
  }

  @Test
  void readsQuotedCommasEscapesAndSeveralScopes() {
    Challenge c =
        Challenge.parseOne(
            "bearer realm=\"https://auth.example/token?a=1,b=2\", service=reg,"
                + " scope=\"repository:a:pull repository:b:pull,push\", error=\"insufficient_scope\","
                + " note=\"say \\\"hi\\\"\"");
    assertThat(c.realm()).isEqualTo("https://auth.example/token?a=1,b=2");
    assertThat(c.service()).isEqualTo("reg");
    assertThat(c.scopes()).containsExactly("repository:a:pull", "repository:b:pull,push");
    assertThat(c.isInsufficientScope()).isTrue();
    assertThat(c.parameters()).containsEntry("note", "say \"hi\"");
  }

  @Test
  void readsBasic() {
    Challenge c = Challenge.parseOne("Basic realm=\"basic-realm\"");
    assertThat(c.isBasic()).isTrue();
    assertThat(c.realm()).isEqualTo("basic-realm");
    assertThat(c.scopes()).isEmpty();
  }

  @Test
  void nothingToReadIsNull() {
    assertThat(Challenge.parse(List.of())).isNull();
    assertThat(Challenge.parse(List.of("   "))).isNull();
  }
}
