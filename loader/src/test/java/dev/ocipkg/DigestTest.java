package dev.ocipkg;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class DigestTest {
  private static final String EMPTY_SHA256 =
      "sha256:e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";

  @Test
  void parsesSha256AndSha512() {
    Digest d = Digest.parse(EMPTY_SHA256);
    assertThat(d.algorithm()).isEqualTo("sha256");
    assertThat(d.hex()).hasSize(64);
    assertThat(d.toString()).isEqualTo(EMPTY_SHA256);

    Digest d512 = Digest.parse("sha512:" + "ab".repeat(64));
    assertThat(d512.algorithm()).isEqualTo("sha512");
  }

  @Test
  void computesSha256OfBytes() {
    assertThat(Digest.sha256(new byte[0])).isEqualTo(Digest.parse(EMPTY_SHA256));
    Digest abc = Digest.sha256("abc".getBytes(StandardCharsets.US_ASCII));
    assertThat(
            abc.matches(abc.newMessageDigest().digest("abc".getBytes(StandardCharsets.US_ASCII))))
        .isTrue();
    assertThat(abc.matches(abc.newMessageDigest().digest(new byte[1]))).isFalse();
  }

  @Test
  void rejectsMalformedTextQuotingIt() {
    assertThatThrownBy(() -> Digest.parse("sha256:abc"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("\"sha256:abc\"")
        .hasMessageContaining("64");
    assertThatThrownBy(() -> Digest.parse("md5:" + "a".repeat(32)))
        .hasMessageContaining("unsupported digest algorithm \"md5\"");
    assertThatThrownBy(() -> Digest.parse(EMPTY_SHA256.toUpperCase().replace("SHA256", "sha256")))
        .hasMessageContaining("lower-case");
    assertThatThrownBy(() -> Digest.parse("nocolon")).hasMessageContaining("\"nocolon\"");
  }
}
