package dev.ocipkg.internal.trust;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ocipkg.testing.Openssl;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.spec.ECGenParameterSpec;
import java.util.Base64;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class TrustedKeyTest {
  @TempDir Path dir;

  @ParameterizedTest
  @EnumSource(TestKeys.Type.class)
  void readsEachKeyTypeWithAnIdAndABundleHint(TestKeys.Type type) throws Exception {
    KeyPair pair = TestKeys.generate(type);
    TrustedKey key = TestKeys.trusted(pair);

    byte[] sha =
        java.security.MessageDigest.getInstance("SHA-256").digest(pair.getPublic().getEncoded());
    assertThat(key.keyId()).isEqualTo(HexFormat.of().formatHex(sha).substring(0, 16));
    assertThat(key.bundleHint()).isEqualTo(Base64.getEncoder().encodeToString(sha));
    assertThat(key.der()).isEqualTo(pair.getPublic().getEncoded());
    assertThat(key.toString()).contains(key.keyId()).contains("test key");
  }

  @Test
  void refusesABadPemNamingTheSourceWithoutQuotingKeyBytes() throws Exception {
    KeyPair pair = TestKeys.generate(TestKeys.Type.P256);
    String privatePem = TestKeys.privatePem(pair);
    String body = privatePem.split("\n")[1];

    assertThatThrownBy(
            () ->
                TrustedKey.fromPem(
                    privatePem.getBytes(StandardCharsets.US_ASCII), "key file a.pub"))
        .isInstanceOf(TrustFormatException.class)
        .hasMessageStartingWith("key file a.pub: ")
        .hasMessageContaining("it holds a private key")
        .hasMessageNotContaining(body);
    assertThatThrownBy(() -> TrustedKey.fromPem("hello".getBytes(StandardCharsets.US_ASCII), "k"))
        .hasMessage("k: no \"-----BEGIN PUBLIC KEY-----\" block, expected a PEM public key");
    assertThatThrownBy(
            () ->
                TrustedKey.fromPem(
                    "-----BEGIN PUBLIC KEY-----\n!!!\n-----END PUBLIC KEY-----"
                        .getBytes(StandardCharsets.US_ASCII),
                    "k"))
        .hasMessage("k: the PEM public key is not valid base64");
    assertThatThrownBy(
            () ->
                TrustedKey.fromPem(
                    "-----BEGIN PUBLIC KEY-----\nAAAA\n".getBytes(StandardCharsets.US_ASCII), "k"))
        .hasMessageContaining("no \"-----END PUBLIC KEY-----\" line");
    assertThatThrownBy(
            () ->
                TrustedKey.fromPem(
                    TestKeys.pem("PUBLIC KEY", new byte[] {1, 2, 3})
                        .getBytes(StandardCharsets.US_ASCII),
                    "k"))
        .hasMessageContaining("neither an EC, an RSA nor an Ed25519");
  }

  @Test
  void refusesAnEcKeyOnAnotherCurve() throws Exception {
    KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
    g.initialize(new ECGenParameterSpec("secp384r1"));
    String pem = TestKeys.publicPem(g.generateKeyPair());

    assertThatThrownBy(() -> TrustedKey.fromPem(pem.getBytes(StandardCharsets.US_ASCII), "k"))
        .hasMessage("k: the EC key is not on curve P-256 (secp256r1), the one cosign uses");
  }

  @Test
  void verifiesEcdsaAndEd25519SignaturesMadeByOpenssl() throws Exception {
    Files.write(dir.resolve("message"), "a payload".getBytes(StandardCharsets.UTF_8));
    Openssl.p256KeyPair(dir, "ec.key", "ec.pub");
    Openssl.run(dir, "dgst", "-sha256", "-sign", "ec.key", "-out", "ec.sig", "message");
    Openssl.run(dir, "genpkey", "-algorithm", "ed25519", "-out", "ed.key");
    Openssl.run(dir, "pkey", "-in", "ed.key", "-pubout", "-out", "ed.pub");
    Openssl.run(
        dir, "pkeyutl", "-sign", "-rawin", "-inkey", "ed.key", "-in", "message", "-out", "ed.sig");
    byte[] message = Files.readAllBytes(dir.resolve("message"));

    for (String name : new String[] {"ec", "ed"}) {
      TrustedKey key = TrustedKey.fromPem(Files.readAllBytes(dir.resolve(name + ".pub")), name);
      byte[] signature = Files.readAllBytes(dir.resolve(name + ".sig"));
      assertThat(key.verifies(message, signature)).as(name).isTrue();
      assertThat(key.verifies("another payload".getBytes(StandardCharsets.UTF_8), signature))
          .as(name)
          .isFalse();
      assertThat(key.verifies(message, new byte[] {0x30, 0x00})).as(name).isFalse();
    }
  }
}
