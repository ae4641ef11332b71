package dev.ocipkg.tools.sign;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ocipkg.Digest;
import dev.ocipkg.internal.oci.Descriptor;
import dev.ocipkg.internal.oci.ImageManifest;
import dev.ocipkg.internal.oci.MediaTypes;
import dev.ocipkg.internal.oci.OciJson;
import dev.ocipkg.internal.trust.CosignAnnotations;
import dev.ocipkg.internal.trust.InTotoStatement;
import dev.ocipkg.internal.trust.SigstoreBundle;
import dev.ocipkg.internal.trust.SimpleSigningPayload;
import dev.ocipkg.internal.trust.TestKeys;
import dev.ocipkg.internal.trust.TrustFormatException;
import dev.ocipkg.internal.trust.TrustedKey;
import dev.ocipkg.testing.Openssl;
import dev.ocipkg.tools.sign.CosignSigner.SimpleSignatureLayer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class CosignSignerTest {
  private static final Digest IMAGE =
      Digest.parse("sha256:4c1c50d0ffc614f90b93b07d778028dc765548e823f676fb027f61d281ac380d");

  @TempDir Path dir;

  private static String utf8(byte[] bytes) {
    return new String(bytes, StandardCharsets.UTF_8);
  }

  /**
   * What cosign v1.13.1 pushed when signing {@code chihjenhuang/cosign1} with a key (a debug trace
   * published in jeffhuang4704/just-notes, {@code cosign/cosign-traffic.md}): the payload, config
   * and manifest below are the bytes of that trace, and their digests are the ones the registry
   * answered (the manifest's {@code Docker-Content-Digest}). Only the signature is taken as given,
   * since the signer's key is not public.
   */
  @Test
  void reproducesTheSignatureImageThatCosignPushedByteForByte() {
    byte[] payload =
        CosignSigner.simpleSigningPayload("index.docker.io/chihjenhuang/cosign1", IMAGE, Map.of());
    SimpleSignatureLayer layer =
        new SimpleSignatureLayer(
            payload,
            Map.of(
                CosignAnnotations.SIGNATURE,
                "MEYCIQCPH7NJAIfrB6BZN91dV0o7l/i11muXrvrAh100jDMMhAIhAPsLH0oXb2OPITXRpWBMUd3vHtz5Ks5pql2Hr6t/IJXw"));

    SignatureManifest image =
        CosignSigner.simpleSigningImage(
            IMAGE, List.of(layer), OffsetDateTime.parse("2023-02-17T09:25:33.91047962-08:00"));

    assertThat(Digest.sha256(payload))
        .hasToString("sha256:b671489ededd1a180bd87235bba00fd83354f9c7d13b71d9f8b66a8e52965ebc");
    assertThat(utf8(image.blobs().get(0).bytes()))
        .isEqualTo(
            "{\"architecture\":\"\",\"created\":\"2023-02-17T09:25:33.91047962-08:00\",\"history\":[{\"created\":\"0001-01-01T00:00:00Z\"}],\"os\":\"\",\"rootfs\":{\"type\":\"layers\",\"diff_ids\":[\"sha256:b671489ededd1a180bd87235bba00fd83354f9c7d13b71d9f8b66a8e52965ebc\"]},\"config\":{}}");
    assertThat(image.blobs().get(0).descriptor().digest())
        .hasToString("sha256:85ad8e17d3d7c00664855c638832bd99f32d42542c2d587851410a45a7f60b95");
    assertThat(image.manifest()).hasSize(558);
    assertThat(image.digest())
        .hasToString("sha256:7ebe8964225fa4619b53aa35416ef0246c037e36ddf81776b21b15e1dda2262b");
    assertThat(image.tag())
        .isEqualTo("sha256-4c1c50d0ffc614f90b93b07d778028dc765548e823f676fb027f61d281ac380d.sig");
    assertThat(image.blobs())
        .extracting(b -> b.descriptor().mediaType())
        .containsExactly(MediaTypes.OCI_CONFIG, MediaTypes.COSIGN_SIMPLE_SIGNING);
  }

  @Test
  void writesAnnotationsIntoOptionalWithGoEscaping() throws Exception {
    byte[] payload =
        CosignSigner.simpleSigningPayload(
            "ghcr.io/acme/libfoo", IMAGE, Map.of("z", "last", "a", "<b>&\u2028\n"));

    assertThat(utf8(payload))
        .endsWith("\"optional\":{\"a\":\"\\u003cb\\u003e\\u0026\\u2028\\n\",\"z\":\"last\"}}");
    SimpleSigningPayload parsed = SimpleSigningPayload.parse(payload, "payload");
    assertThat(parsed.dockerReference()).isEqualTo("ghcr.io/acme/libfoo");
    assertThat(parsed.manifestDigest()).isEqualTo(IMAGE);
    assertThat(parsed.type()).isEqualTo(SimpleSigningPayload.COSIGN_TYPE);
  }

  @Test
  void appendsSignaturesAsCosignDoes() throws Exception {
    CosignSigner signer =
        new CosignSigner(SigningKey.of(TestKeys.generate(TestKeys.Type.P256).getPrivate(), "k"));
    SimpleSignatureLayer first =
        signer.signLayer(CosignSigner.simpleSigningPayload("a.example/x", IMAGE, Map.of()));
    SimpleSignatureLayer second =
        signer.signLayer(CosignSigner.simpleSigningPayload("a.example/y", IMAGE, Map.of()));

    SignatureManifest image = CosignSigner.simpleSigningImage(IMAGE, List.of(first, second), null);

    String config = utf8(image.blobs().get(0).bytes());
    assertThat(config)
        .startsWith(
            "{\"architecture\":\"\",\"created\":\"0001-01-01T00:00:00Z\",\"history\":[{\"created\":\"0001-01-01T00:00:00Z\"},{\"created\":\"0001-01-01T00:00:00Z\"}]")
        .contains(Digest.sha256(first.payload()) + "\",\"" + Digest.sha256(second.payload()));
    ImageManifest manifest = OciJson.parseManifest(image.manifest(), "sig");
    assertThat(manifest.layers())
        .extracting(Descriptor::digest)
        .containsExactly(Digest.sha256(first.payload()), Digest.sha256(second.payload()));
  }

  @Test
  void formatsTimesAsGoDoes() {
    assertThat(CosignSigner.goTime(OffsetDateTime.parse("2026-12-01T22:00:00Z")))
        .isEqualTo("2026-12-01T22:00:00Z");
    assertThat(CosignSigner.goTime(OffsetDateTime.parse("2026-12-01T22:00:00.120+05:30")))
        .isEqualTo("2026-12-01T22:00:00.12+05:30");
  }

  @ParameterizedTest
  @EnumSource(TestKeys.Type.class)
  void makesAKeyedBundleInAReferrerManifestAsCosignDoes(TestKeys.Type type) throws Exception {
    KeyPair pair = TestKeys.generate(type);
    SigningKey key = SigningKey.of(pair.getPrivate(), "k");
    Descriptor subject = Descriptor.of(MediaTypes.OCI_INDEX, IMAGE, 1234);

    SignatureManifest referrer =
        new CosignSigner(key)
            .signBundle(subject, Map.of(), Instant.parse("2026-12-01T22:00:00.5Z"));

    assertThat(referrer.tag()).isNull();
    String manifest = utf8(referrer.manifest());
    Digest bundleDigest = referrer.blobs().get(1).descriptor().digest();
    assertThat(manifest)
        .isEqualTo(
            "{\"schemaVersion\":2,\"mediaType\":\"application/vnd.oci.image.manifest.v1+json\","
                + "\"config\":{\"mediaType\":\"application/vnd.oci.empty.v1+json\",\"size\":2,"
                + "\"digest\":\"sha256:44136fa355b3678a1146ad16f7e8649e94fb4fc21fe77e8310c060f61caaff8a\","
                + "\"artifactType\":\"application/vnd.dev.sigstore.bundle.v0.3+json\"},"
                + "\"layers\":[{\"mediaType\":\"application/vnd.dev.sigstore.bundle.v0.3+json\",\"size\":"
                + referrer.blobs().get(1).bytes().length
                + ",\"digest\":\""
                + bundleDigest
                + "\"}],\"annotations\":{\"dev.sigstore.bundle.content\":\"dsse-envelope\","
                + "\"dev.sigstore.bundle.predicateType\":\"https://sigstore.dev/cosign/sign/v1\","
                + "\"org.opencontainers.image.created\":\"2026-12-01T22:00:00Z\"},"
                + "\"subject\":{\"mediaType\":\"application/vnd.oci.image.index.v1+json\",\"size\":1234,"
                + "\"digest\":\""
                + IMAGE
                + "\"},"
                + "\"artifactType\":\"application/vnd.dev.sigstore.bundle.v0.3+json\"}");
    ImageManifest parsed = OciJson.parseManifest(referrer.manifest(), "referrer");
    assertThat(parsed.artifactType()).isEqualTo(MediaTypes.SIGSTORE_BUNDLE_V03);
    assertThat(parsed.subject()).isEqualTo(subject);

    byte[] bundleBytes = referrer.blobs().get(1).bytes();
    String bundleText = utf8(bundleBytes);
    assertThat(bundleText)
        .startsWith(
            "{\"mediaType\":\"application/vnd.dev.sigstore.bundle.v0.3+json\",\"verificationMaterial\":{\"publicKey\":{\"hint\":\""
                + key.publicKey().bundleHint()
                + "\"}},\"dsseEnvelope\":{\"payload\":\"");
    SigstoreBundle bundle = SigstoreBundle.parse(bundleBytes, "bundle");
    assertThat(utf8(bundle.payload()))
        .isEqualTo(
            "{\"_type\":\"https://in-toto.io/Statement/v1\",\"subject\":[{\"digest\":{\"sha256\":\""
                + IMAGE.hex()
                + "\"},\"annotations\":{}}],\"predicateType\":\"https://sigstore.dev/cosign/sign/v1\",\"predicate\":{}}");
    assertThat(
            key.publicKey()
                .verifies(bundle.preAuthenticationEncoding(), bundle.signatures().get(0).sig()))
        .isTrue();
    assertThat(InTotoStatement.parse(bundle.payload(), "s").subjects()).containsExactly(IMAGE);
  }

  @Test
  void readsOpensslKeysAndDerivesTheSamePublicKeyAsOpenssl() throws Exception {
    Openssl.run(
        dir,
        "genpkey",
        "-algorithm",
        "EC",
        "-pkeyopt",
        "ec_paramgen_curve:P-256",
        "-out",
        "ec.key");
    Openssl.run(dir, "genpkey", "-algorithm", "ed25519", "-out", "ed.key");
    Openssl.run(
        dir, "genpkey", "-algorithm", "RSA", "-pkeyopt", "rsa_keygen_bits:2048", "-out", "rsa.key");
    for (String name : new String[] {"ec", "ed", "rsa"}) {
      Openssl.run(dir, "pkey", "-in", name + ".key", "-pubout", "-out", name + ".pub");
      SigningKey key =
          SigningKey.fromPem(Files.readAllBytes(dir.resolve(name + ".key")), name + ".key");
      TrustedKey expected =
          TrustedKey.fromPem(Files.readAllBytes(dir.resolve(name + ".pub")), name);
      assertThat(key.publicKey().der()).as(name).isEqualTo(expected.der());
      assertThat(
              TrustedKey.fromPem(key.publicKeyPem().getBytes(StandardCharsets.US_ASCII), "pem")
                  .der())
          .isEqualTo(expected.der());
    }
  }

  @Test
  void derivesTheEcPublicKeyFromAKeyThatDoesNotEmbedIt() throws Exception {
    // The JDK's PKCS#8 encoding of an EC key leaves the public key out.
    KeyPair pair = TestKeys.generate(TestKeys.Type.P256);
    SigningKey key =
        SigningKey.fromPem(
            TestKeys.privatePem(pair).getBytes(StandardCharsets.US_ASCII), "jdk.key");

    assertThat(key.publicKey().der()).isEqualTo(pair.getPublic().getEncoded());
  }

  @Test
  void opensslVerifiesWhatItSigns() throws Exception {
    Openssl.p256KeyPair(dir, "ec.key", "ec.pub");
    SigningKey key = SigningKey.fromPem(Files.readAllBytes(dir.resolve("ec.key")), "ec.key");
    byte[] payload = CosignSigner.simpleSigningPayload("ghcr.io/acme/libfoo", IMAGE, Map.of());
    Files.write(dir.resolve("payload"), payload);
    Files.write(dir.resolve("sig"), key.sign(payload));

    assertThat(
            Openssl.run(
                dir, "dgst", "-sha256", "-verify", "ec.pub", "-signature", "sig", "payload"))
        .contains("Verified OK");
  }

  @Test
  void refusesKeysItCannotReadSayingHowToConvertThem() {
    assertThatThrownBy(
            () ->
                SigningKey.fromPem(
                    "-----BEGIN ENCRYPTED SIGSTORE PRIVATE KEY-----\neyJr\n-----END ENCRYPTED SIGSTORE PRIVATE KEY-----\n"
                        .getBytes(StandardCharsets.US_ASCII),
                    "cosign.key"))
        .isInstanceOf(TrustFormatException.class)
        .hasMessage(
            "cosign.key: a cosign key file is encrypted; give its password (COSIGN_PASSWORD)");
    assertThatThrownBy(
            () ->
                SigningKey.fromPem(
                    "-----BEGIN EC PRIVATE KEY-----\nAA==\n-----END EC PRIVATE KEY-----\n"
                        .getBytes(StandardCharsets.US_ASCII),
                    "sec1.key"))
        .hasMessageContaining("openssl pkcs8 -topk8 -nocrypt");
    assertThatThrownBy(
            () ->
                SigningKey.fromPem(
                    TestKeys.publicPem(TestKeys.generate(TestKeys.Type.P256))
                        .getBytes(StandardCharsets.US_ASCII),
                    "x.pub"))
        .hasMessageContaining("no \"-----BEGIN PRIVATE KEY-----\"");
  }
}
