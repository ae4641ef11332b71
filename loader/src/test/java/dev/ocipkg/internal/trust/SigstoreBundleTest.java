package dev.ocipkg.internal.trust;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ocipkg.Digest;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Objects;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SigstoreBundleTest {
  private static byte[] resource(String name) throws Exception {
    try (InputStream in = SigstoreBundleTest.class.getResourceAsStream(name)) {
      return Objects.requireNonNull(in, name).readAllBytes();
    }
  }

  /**
   * A real keyed DSSE bundle made by the npm registry (its "publish" attestation of sigstore 1.3.0)
   * and npm's public key, from sigstore-go's {@code examples/bundle-publish.json} and {@code
   * examples/publish_key.pub} (commit fef0ebe7): a signature this code did not make, over the DSSE
   * pre-authentication encoding, verified by it.
   */
  @Test
  void verifiesARealBundleSignedByTheNpmRegistry() throws Exception {
    SigstoreBundle bundle =
        SigstoreBundle.parse(resource("npm-publish.sigstore.json"), "npm bundle");
    TrustedKey npm = TrustedKey.fromPem(resource("npm-publish.pub"), "npm key");

    assertThat(bundle.keyless()).isFalse();
    assertThat(bundle.hint()).isEqualTo("SHA256:jl3bwswu80PjjokCgh0o2w5c2U4LhQAE57gj9cz1kzA");
    assertThat(bundle.payloadType()).isEqualTo(InTotoStatement.PAYLOAD_TYPE);
    assertThat(bundle.signatures()).hasSize(1);
    byte[] pae = bundle.preAuthenticationEncoding();
    assertThat(npm.verifies(pae, bundle.signatures().get(0).sig())).isTrue();
    pae[pae.length - 2] ^= 1;
    assertThat(npm.verifies(pae, bundle.signatures().get(0).sig())).isFalse();

    InTotoStatement statement = InTotoStatement.parse(bundle.payload(), "npm statement");
    assertThat(statement.type()).isEqualTo(InTotoStatement.TYPE_V01);
    assertThat(statement.predicateType())
        .isEqualTo("https://github.com/npm/attestation/tree/main/specs/publish/v0.1");
    assertThat(statement.subjects())
        .containsExactly(
            Digest.parse(
                "sha512:76176ffa33808b54602c7c35de5c6e9a4deb96066dba6533f50ac234f4f1f4c6b3527515dc17c06fbe2860030f410eee69ea20079bd3a2c6f3dcf3b329b10751"));
  }

  @Test
  void encodesThePreAuthenticationEncodingAsDsseSpecifies() {
    assertThat(
            new String(
                DssePae.encode("application/x", "héllo".getBytes(StandardCharsets.UTF_8)),
                StandardCharsets.UTF_8))
        .isEqualTo("DSSEv1 13 application/x 6 héllo");
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "{\"mediaType\":\"application/json\"} | mediaType \"application/json\" is not a sigstore bundle",
        "{\"mediaType\":\"application/vnd.dev.sigstore.bundle.v0.3+json\"} | verificationMaterial is missing",
        "{\"mediaType\":\"application/vnd.dev.sigstore.bundle.v0.3+json\",\"verificationMaterial\":{},\"messageSignature\":{}} | holds a messageSignature (a signed blob)",
        "{\"mediaType\":\"application/vnd.dev.sigstore.bundle.v0.3+json\",\"verificationMaterial\":{},\"dsseEnvelope\":{\"payload\":\"***\"}} | dsseEnvelope.payload \"***\" is not valid base64",
        "{\"mediaType\":\"application/vnd.dev.sigstore.bundle.v0.3+json\",\"verificationMaterial\":{},\"dsseEnvelope\":{\"payload\":\"e30=\",\"payloadType\":\"x\",\"signatures\":{}}} | dsseEnvelope.signatures is {}, expected an array",
        "{\"mediaType\":\"application/vnd.dev.sigstore.bundle.v0.3+json\",\"verificationMaterial\":{},\"dsseEnvelope\":{\"payload\":\"e30=\",\"payloadType\":\"x\",\"signatures\":[{}]}} | dsseEnvelope.signatures[0].sig is missing",
      })
  void refusesAMalformedBundleNamingThePath(String json, String expected) {
    assertThatThrownBy(
            () ->
                SigstoreBundle.parse(json.getBytes(StandardCharsets.UTF_8), "bundle in referrer x"))
        .isInstanceOf(TrustFormatException.class)
        .hasMessageStartingWith("bundle in referrer x: ")
        .hasMessageContaining(expected);
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "{\"_type\":\"https://example.com/Statement\",\"subject\":[],\"predicateType\":\"p\"} | _type \"https://example.com/Statement\" is not an in-toto statement",
        "{\"_type\":\"https://in-toto.io/Statement/v1\",\"subject\":[{\"digest\":{\"sha256\":\"xyz\"}}],\"predicateType\":\"p\"} | subject[0].digest.sha256 \"sha256:xyz\" is not a digest",
        "{\"_type\":\"https://in-toto.io/Statement/v1\",\"subject\":[{}],\"predicateType\":\"p\"} | subject[0].digest is missing",
      })
  void refusesAMalformedStatement(String json, String expected) {
    assertThatThrownBy(
            () -> InTotoStatement.parse(json.getBytes(StandardCharsets.UTF_8), "statement"))
        .isInstanceOf(TrustFormatException.class)
        .hasMessageContaining(expected);
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "{\"critical\":{}} | payload: critical.identity is missing",
        "{\"critical\":{\"identity\":{\"docker-reference\":\"a\"},\"image\":{\"docker-manifest-digest\":\"md5:1\"},\"type\":\"t\"}} | critical.image.docker-manifest-digest \"md5:1\" is not a digest",
        "{\"critical\":{\"identity\":{\"docker-reference\":1},\"image\":{},\"type\":\"t\"}} | critical.identity.docker-reference is 1, expected a string",
        "{\"critical\":{\"identity\":{},\"image\":{}},\"critical\":{}} | not valid JSON",
      })
  void refusesAMalformedSimpleSigningPayload(String json, String expected) {
    assertThatThrownBy(
            () -> SimpleSigningPayload.parse(json.getBytes(StandardCharsets.UTF_8), "payload"))
        .isInstanceOf(TrustFormatException.class)
        .hasMessageContaining(expected);
  }
}
