package dev.ocipkg.tools.sign;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ocipkg.internal.trust.TrustFormatException;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

class CosignKeyFileTest {
  /**
   * cosign's own test key, {@code pemsigstorekey} in cosign {@code pkg/cosign/keys_test.go}
   * (encrypted with the password "hello"): made by cosign, opened here.
   */
  private static final String COSIGN_KEY =
      "-----BEGIN ENCRYPTED SIGSTORE PRIVATE KEY-----\n"
          + "eyJrZGYiOnsibmFtZSI6InNjcnlwdCIsInBhcmFtcyI6eyJOIjozMjc2OCwiciI6\n"
          + "OCwicCI6MX0sInNhbHQiOiI3T3VGd2VsbWZZNXVId2NoaURSc210anNwZ2ZlZjFG\n"
          + "Mk5lOGFDTjVLYVpZPSJ9LCJjaXBoZXIiOnsibmFtZSI6Im5hY2wvc2VjcmV0Ym94\n"
          + "Iiwibm9uY2UiOiJQNHk4OGhCb3ZTa09MbXN0bFVBaGJwdDJ0K2xTNUxQSCJ9LCJj\n"
          + "aXBoZXJ0ZXh0IjoiMnB1QzdyZldJOWh3bnJlQ2s4aUZDRlVwQlRrSzRJNlIvbFBF\n"
          + "cnBDekpXUGpJWXl4eGVIL1A2VW52cFJHdVhla1NNb3JMdGhLamdoQ1JlNy82NDVH\n"
          + "QWtoVm1LRC92eEF0S2EvbE1abENSQ3FlekJGUFd1dzNpeFRtZ2xhb2J1ZFVSbUVs\n"
          + "bmNGOGlZbzBTMVl6Y1ZOMVFwY2J2c0dNcUlYRzVlbmdteGp5dCtBcXlyZTF0Q0Y0\n"
          + "V01tU1BlaEljNlBqd2h1Q2xHaVpJUWRvTGc9PSJ9\n"
          + "-----END ENCRYPTED SIGSTORE PRIVATE KEY-----\n";

  private static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  @Test
  void opensCosignsOwnTestKeyWithItsPassword() throws Exception {
    SigningKey key = SigningKey.fromPem(bytes(COSIGN_KEY), bytes("hello"), "cosign.key");

    byte[] message = bytes("a payload");
    assertThat(key.publicKey().verifies(message, key.sign(message))).isTrue();
  }

  @Test
  void refusesAWrongOrMissingPassword() {
    assertThatThrownBy(() -> SigningKey.fromPem(bytes(COSIGN_KEY), bytes("wrong"), "cosign.key"))
        .isInstanceOf(TrustFormatException.class)
        .hasMessage(
            "cosign.key: wrong password, or the key file is damaged (its secretbox does not open)");
    assertThatThrownBy(() -> SigningKey.fromPem(bytes(COSIGN_KEY), "cosign.key"))
        .hasMessageContaining("give its password (COSIGN_PASSWORD)");
  }

  /** RFC 7914, section 12: the first two test vectors. */
  @Test
  void derivesRfc7914TestVectors() {
    assertThat(
            HexFormat.of()
                .formatHex(Scrypt.derive(new byte[0], new byte[0], 16, 1, 1, 64, 1 << 30)))
        .isEqualTo(
            "77d6576238657b203b19ca42c18a0497f16b4844e3074ae8dfdffa3fede21442"
                + "fcd0069ded0948f8326a753a0fc81f17e8d3e0fb2e0d3628cf35e20c38d18906");
    assertThat(
            HexFormat.of()
                .formatHex(
                    Scrypt.derive(bytes("password"), bytes("NaCl"), 1024, 8, 16, 64, 1 << 30)))
        .isEqualTo(
            "fdbabe1c9d3472007856e7190d01e9fe7c6ad7cbc8237830e77376634b373162"
                + "2eaf30d92e22a3886ff109279d9830dac727afb94a83ee6d8360cbdfa2cc0640");
  }

  /** RFC 8439, section 2.5.2. */
  @Test
  void computesTheRfc8439Poly1305TestVector() {
    byte[] key =
        HexFormat.of().parseHex("85d6be7857556d337f4452fe42d506a80103808afb0db2fd4abff6af4149f51b");
    assertThat(
            HexFormat.of()
                .formatHex(SecretBox.poly1305(key, bytes("Cryptographic Forum Research Group"))))
        .isEqualTo("a8061dc1305136c6c22b8baf0c0127a9");
  }

  @Test
  void refusesScryptCostsBeyondTheBound() {
    assertThatThrownBy(() -> Scrypt.derive(new byte[0], new byte[0], 1 << 22, 8, 1, 32, 256L << 20))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("would need 4096 MiB");
    assertThatThrownBy(() -> Scrypt.derive(new byte[0], new byte[0], 1000, 8, 1, 32, 256L << 20))
        .hasMessageContaining("not a power of two");
  }
}
