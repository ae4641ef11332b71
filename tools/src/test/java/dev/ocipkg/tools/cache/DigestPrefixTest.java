package dev.ocipkg.tools.cache;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ocipkg.Digest;
import java.util.List;
import org.junit.jupiter.api.Test;

class DigestPrefixTest {
  private static final Digest A = Digest.parse("sha256:208e755c5a71" + "a".repeat(52));
  private static final Digest B = Digest.parse("sha256:208e755c5a71" + "b".repeat(52));
  private static final Digest C = Digest.parse("sha256:" + "c".repeat(64));

  @Test
  void twelveOrMoreHexDigitsWithOrWithoutTheAlgorithm() {
    assertThat(DigestPrefix.isPrefix("sha256:208e755c5a71")).isTrue();
    assertThat(DigestPrefix.isPrefix("208e755c5a71")).isTrue();
    assertThat(DigestPrefix.isPrefix("208e755c5a7")).isFalse();
    assertThat(DigestPrefix.isPrefix("typo")).isFalse();
    assertThat(DigestPrefix.isPrefix("ghcr.io/acme/libfoo:1.0")).isFalse();
  }

  @Test
  void aUniquePrefixNamesItsDigestAndAnAmbiguousOneListsTheMatches() {
    assertThat(DigestPrefix.match("cccccccccccc", List.of(A, B, C))).isEqualTo(C);
    assertThat(DigestPrefix.match("sha256:208e755c5a71a", List.of(A, B, C))).isEqualTo(A);
    assertThat(DigestPrefix.match("dddddddddddd", List.of(A, B, C))).isNull();
    assertThatThrownBy(() -> DigestPrefix.match("sha256:208e755c5a71", List.of(A, B, C)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("\"sha256:208e755c5a71\" is ambiguous")
        .hasMessageContaining(A.toString())
        .hasMessageContaining(B.toString())
        .hasMessageContaining("give more digits");
  }
}
