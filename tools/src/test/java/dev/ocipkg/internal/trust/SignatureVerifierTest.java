package dev.ocipkg.internal.trust;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ocipkg.Digest;
import dev.ocipkg.ImageReference;
import dev.ocipkg.internal.oci.Descriptor;
import dev.ocipkg.internal.oci.MediaTypes;
import dev.ocipkg.tools.sign.CosignSigner;
import dev.ocipkg.tools.sign.CosignSigner.SimpleSignatureLayer;
import dev.ocipkg.tools.sign.SignatureManifest;
import dev.ocipkg.tools.sign.SigningKey;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class SignatureVerifierTest {
  private static final ImageReference REF = ImageReference.parse("fake.example/acme/libfoo:1.2.0");
  private static final String REPO = "fake.example/acme/libfoo";
  private static final Digest INDEX = Digest.sha256("the index".getBytes(StandardCharsets.UTF_8));
  private static final Digest PLATFORM =
      Digest.sha256("the linux/amd64 manifest".getBytes(StandardCharsets.UTF_8));
  private static final Digest OTHER =
      Digest.sha256("another image".getBytes(StandardCharsets.UTF_8));
  private static final Descriptor SUBJECT = Descriptor.of(MediaTypes.OCI_INDEX, INDEX, 9);
  private static final KeyPair AUTHOR = TestKeys.generate(TestKeys.Type.P256);
  private static final KeyPair STRANGER = TestKeys.generate(TestKeys.Type.P256);

  @TempDir Path dir;
  private final FakeRepository repo = new FakeRepository();

  private TrustPolicy policyFor(KeyPair key, String identity) throws Exception {
    Files.writeString(dir.resolve("author.pub"), TestKeys.publicPem(key));
    return TrustPolicy.parse(
        ("{\"default\":[{\"type\":\"reject\"}],\"transports\":{\"docker\":{\"fake.example/acme\":"
                + "[{\"type\":\"sigstoreSigned\",\"keyPath\":\"author.pub\""
                + identity
                + "}]}}}")
            .getBytes(StandardCharsets.UTF_8),
        "policy test.json",
        dir);
  }

  private TrustPolicy repositoryPolicy(KeyPair key) throws Exception {
    return policyFor(key, ",\"signedIdentity\":{\"type\":\"matchRepository\"}");
  }

  private static CosignSigner signer(KeyPair pair) throws Exception {
    return new CosignSigner(SigningKey.of(pair.getPrivate(), "test"));
  }

  private TrustDecision verify(TrustPolicy policy) throws Exception {
    return new SignatureVerifier(policy).verify(REF, INDEX, PLATFORM, repo);
  }

  @ParameterizedTest
  @EnumSource(TestKeys.Type.class)
  void acceptsASimpleSignatureMadeWithEachKeyType(TestKeys.Type type) throws Exception {
    KeyPair pair = TestKeys.generate(type);
    repo.push(signer(pair).signSimple(REPO, INDEX, Map.of(), null), null);

    TrustDecision decision = verify(repositoryPolicy(pair));

    assertThat(decision.digest()).isEqualTo(INDEX);
    assertThat(decision.scope()).isEqualTo(new PolicyScope("docker", "fake.example/acme"));
    assertThat(decision.acceptedBy())
        .containsExactly(
            "simple signing by "
                + TestKeys.trusted(pair).algorithm()
                + " key "
                + TestKeys.trusted(pair).keyId()
                + " on "
                + INDEX);
    assertThat(decision.policyFingerprint()).startsWith("sha256:");
  }

  @ParameterizedTest
  @EnumSource(TestKeys.Type.class)
  void acceptsABundleMadeWithEachKeyType(TestKeys.Type type) throws Exception {
    KeyPair pair = TestKeys.generate(type);
    repo.push(signer(pair).signBundle(SUBJECT, Map.of(), Instant.EPOCH), INDEX);

    // A bundle names no repository, so even the default signedIdentity accepts it on a tag.
    TrustDecision decision = verify(policyFor(pair, ""));

    assertThat(decision.acceptedBy()).singleElement().asString().startsWith("sigstore bundle by");
  }

  @Test
  void findsABundleThroughTheReferrersTagSchemaWhenTheRegistryHasNoReferrersApi() throws Exception {
    repo.referrersApi = false;
    repo.push(signer(AUTHOR).signBundle(SUBJECT, Map.of(), Instant.EPOCH), INDEX);

    assertThat(verify(repositoryPolicy(AUTHOR)).acceptedBy())
        .singleElement()
        .asString()
        .contains("sigstore bundle");
  }

  @Test
  void refusesASignatureByAnotherKeyNamingTheReferenceDigestScopeAndSignature() throws Exception {
    repo.push(signer(STRANGER).signSimple(REPO, INDEX, Map.of(), null), null);
    repo.push(signer(STRANGER).signBundle(SUBJECT, Map.of(), Instant.EPOCH), INDEX);

    assertThatThrownBy(() -> verify(repositoryPolicy(AUTHOR)))
        .isInstanceOf(UntrustedPackageException.class)
        .hasMessageContaining(REF.toString())
        .hasMessageContaining(INDEX.toString())
        .hasMessageContaining("policy test.json")
        .hasMessageContaining("scope transports.docker[\"fake.example/acme\"]")
        .hasMessageContaining(TestKeys.trusted(AUTHOR).keyId())
        .hasMessageContaining(
            SignatureFinder.signatureTag(INDEX) + " layer 0: not signed by a trusted key")
        .hasMessageContaining("referrer sha256:")
        .hasMessageContaining("Hint: sign it with cosign sign --key");
  }

  @Test
  void refusesATamperedPayload() throws Exception {
    CosignSigner signer = signer(AUTHOR);
    SimpleSignatureLayer genuine =
        signer.signLayer(CosignSigner.simpleSigningPayload(REPO, OTHER, Map.of()));
    byte[] forged = CosignSigner.simpleSigningPayload(REPO, INDEX, Map.of());
    repo.push(
        CosignSigner.simpleSigningImage(
            INDEX, List.of(new SimpleSignatureLayer(forged, genuine.annotations())), null),
        null);

    assertThatThrownBy(() -> verify(repositoryPolicy(AUTHOR)))
        .isInstanceOf(UntrustedPackageException.class)
        .hasMessageContaining("layer 0: not signed by a trusted key");
  }

  @Test
  void refusesAPayloadForAnotherDigest() throws Exception {
    CosignSigner signer = signer(AUTHOR);
    SignatureManifest forOther = signer.signSimple(REPO, OTHER, Map.of(), null);
    // The genuine signature of another image, copied under this image's .sig tag.
    repo.push(forOther, null);
    repo.tags.put(SignatureFinder.signatureTag(INDEX), forOther.manifest());

    assertThatThrownBy(() -> verify(repositoryPolicy(AUTHOR)))
        .isInstanceOf(UntrustedPackageException.class)
        .hasMessageContaining("the payload is for " + OTHER + ", not " + INDEX);
  }

  @Test
  void refusesABundleWhoseStatementIsForAnotherDigest() throws Exception {
    repo.push(
        CosignSigner.bundleReferrer(signer(AUTHOR).bundle(OTHER, Map.of()), SUBJECT, Instant.EPOCH),
        INDEX);

    assertThatThrownBy(() -> verify(repositoryPolicy(AUTHOR)))
        .isInstanceOf(UntrustedPackageException.class)
        .hasMessageContaining("the statement is for " + OTHER + ", not " + INDEX);
  }

  @Test
  void refusesAReferrerWhoseManifestNamesAnotherSubject() throws Exception {
    SignatureManifest forOther =
        signer(AUTHOR)
            .signBundle(Descriptor.of(MediaTypes.OCI_INDEX, OTHER, 9), Map.of(), Instant.EPOCH);
    // A referrer that claims INDEX as subject in the listing but whose manifest names OTHER.
    repo.push(forOther, INDEX);

    assertThatThrownBy(() -> verify(repositoryPolicy(AUTHOR)))
        .isInstanceOf(UntrustedPackageException.class)
        .hasMessageContaining("its subject is " + OTHER + ", not " + INDEX);
  }

  @Test
  void refusesAWrongCriticalType() throws Exception {
    byte[] payload =
        new String(CosignSigner.simpleSigningPayload(REPO, INDEX, Map.of()), StandardCharsets.UTF_8)
            .replace("cosign container image signature", "atomic container signature")
            .getBytes(StandardCharsets.UTF_8);
    repo.push(
        CosignSigner.simpleSigningImage(INDEX, List.of(signer(AUTHOR).signLayer(payload)), null),
        null);

    assertThatThrownBy(() -> verify(repositoryPolicy(AUTHOR)))
        .isInstanceOf(UntrustedPackageException.class)
        .hasMessageContaining("critical.type is \"atomic container signature\"");
  }

  @Test
  void saysSoWhenOnlyKeylessSignaturesAreFound() throws Exception {
    byte[] payload = CosignSigner.simpleSigningPayload(REPO, INDEX, Map.of());
    SimpleSignatureLayer keyless =
        new SimpleSignatureLayer(
            payload,
            Map.of(
                CosignAnnotations.SIGNATURE,
                Base64.getEncoder()
                    .encodeToString(SigningKey.of(STRANGER.getPrivate(), "t").sign(payload)),
                CosignAnnotations.CERTIFICATE,
                "-----BEGIN CERTIFICATE-----\n...",
                CosignAnnotations.REKOR_BUNDLE,
                "{}"));
    repo.push(CosignSigner.simpleSigningImage(INDEX, List.of(keyless), null), null);
    byte[] bundle =
        new String(signer(STRANGER).bundle(INDEX, Map.of()), StandardCharsets.UTF_8)
            .replaceFirst(
                "\"publicKey\":\\{\"hint\":\"[^\"]*\"\\}",
                "\"certificate\":{\"rawBytes\":\"AAAA\"}")
            .getBytes(StandardCharsets.UTF_8);
    repo.push(CosignSigner.bundleReferrer(bundle, SUBJECT, Instant.EPOCH), INDEX);

    assertThatThrownBy(() -> verify(repositoryPolicy(AUTHOR)))
        .isInstanceOf(UntrustedPackageException.class)
        .hasMessageContaining(
            "layer 0: a keyless signature (Fulcio certificate), which a keyed policy does not accept")
        .hasMessageContaining("a keyless bundle (Fulcio certificate)");
  }

  @Test
  void refusesWhenNoSignatureExistsAndSaysWhereItLooked() throws Exception {
    assertThatThrownBy(() -> verify(repositoryPolicy(AUTHOR)))
        .isInstanceOf(UntrustedPackageException.class)
        .hasMessageContaining("no signature was found")
        .hasMessageContaining("no tag " + SignatureFinder.signatureTag(INDEX))
        .hasMessageContaining("no tag " + SignatureFinder.signatureTag(PLATFORM))
        .hasMessageContaining("no referrer of artifactType " + MediaTypes.SIGSTORE_BUNDLE_V03);
  }

  @Test
  void acceptsASignatureOnTheChosenPlatformManifest() throws Exception {
    repo.push(signer(AUTHOR).signSimple(REPO, PLATFORM, Map.of(), null), null);

    assertThat(verify(repositoryPolicy(AUTHOR)).acceptedBy())
        .singleElement()
        .asString()
        .endsWith(" on " + PLATFORM);
  }

  @Test
  void theDefaultIdentityNeedsMatchRepositoryForCosignSignaturesOfATagButNotOfADigest()
      throws Exception {
    repo.push(signer(AUTHOR).signSimple(REPO, INDEX, Map.of(), null), null);
    TrustPolicy policy = policyFor(AUTHOR, "");

    assertThatThrownBy(() -> new SignatureVerifier(policy).verify(REF, INDEX, null, repo))
        .isInstanceOf(UntrustedPackageException.class)
        .hasMessageContaining("it claims repository " + REPO + " only, not exactly " + REF)
        .hasMessageContaining("{\"type\": \"matchRepository\"}");

    ImageReference pinned = ImageReference.parse(REPO + "@" + INDEX);
    assertThat(new SignatureVerifier(policy).verify(pinned, INDEX, null, repo).acceptedBy())
        .hasSize(1);
  }

  @Test
  void refusesASignatureThatClaimsAnotherRepository() throws Exception {
    repo.push(signer(AUTHOR).signSimple("fake.example/evil/libfoo", INDEX, Map.of(), null), null);

    assertThatThrownBy(() -> verify(repositoryPolicy(AUTHOR)))
        .isInstanceOf(UntrustedPackageException.class)
        .hasMessageContaining(
            "it claims repository fake.example/evil/libfoo, not fake.example/acme/libfoo");
  }

  @Test
  void aRejectScopeRefusesEvenASignedPackage() throws Exception {
    repo.push(signer(AUTHOR).signSimple(REPO, INDEX, Map.of(), null), null);
    TrustPolicy policy =
        TrustPolicy.parse(
            ("{\"default\":[{\"type\":\"insecureAcceptAnything\"}],"
                    + "\"transports\":{\"docker\":{\"fake.example/acme/libfoo\":[{\"type\":\"reject\"}]}}}")
                .getBytes(StandardCharsets.UTF_8),
            "policy test.json",
            dir);

    assertThatThrownBy(() -> new SignatureVerifier(policy).verify(REF, INDEX, null, repo))
        .isInstanceOf(UntrustedPackageException.class)
        .hasMessageContaining("scope transports.docker[\"fake.example/acme/libfoo\"]")
        .hasMessageContaining("rejects every image");
  }

  @Test
  void anUnsupportedRequirementRefusesItsScopeOnly() throws Exception {
    TrustPolicy policy =
        TrustPolicy.parse(
            ("{\"default\":[{\"type\":\"insecureAcceptAnything\"}],\"transports\":{\"docker\":"
                    + "{\"fake.example/acme\":[{\"type\":\"signedBy\",\"keyType\":\"GPGKeys\","
                    + "\"keyPath\":\"/etc/pki/gpg\"}]}}}")
                .getBytes(StandardCharsets.UTF_8),
            "policy test.json",
            dir);

    assertThatThrownBy(() -> new SignatureVerifier(policy).verify(REF, INDEX, null, repo))
        .isInstanceOf(UntrustedPackageException.class)
        .hasMessageContaining("not supported by ocipkg: signedBy");
    ImageReference elsewhere = ImageReference.parse("fake.example/other/lib:1");
    assertThat(new SignatureVerifier(policy).verify(elsewhere, INDEX, null, repo).acceptedBy())
        .containsExactly("insecureAcceptAnything");
  }

  @Test
  void examinesAtMostSixtyFourSignatures() throws Exception {
    CosignSigner stranger = signer(STRANGER);
    List<SimpleSignatureLayer> layers = new ArrayList<>();
    for (int i = 0; i < 70; i++) {
      layers.add(stranger.signLayer(CosignSigner.simpleSigningPayload(REPO + i, INDEX, Map.of())));
    }
    repo.push(CosignSigner.simpleSigningImage(INDEX, layers, null), null);

    assertThatThrownBy(
            () -> new SignatureVerifier(repositoryPolicy(AUTHOR)).verify(REF, INDEX, null, repo))
        .isInstanceOf(UntrustedPackageException.class)
        .hasMessageContaining("signatures after the first 64 were not examined");
    assertThat(repo.blobReads).isEqualTo(SignatureFinder.MAX_SIGNATURES);
  }

  @Test
  void doesNotTakeAnotherAttestationByTheSameKeyAsTheSignature() throws Exception {
    byte[] bundle =
        new String(signer(AUTHOR).bundle(INDEX, Map.of()), StandardCharsets.UTF_8)
            .getBytes(StandardCharsets.UTF_8);
    SigstoreBundle parsed = SigstoreBundle.parse(bundle, "test");
    String statement =
        new String(parsed.payload(), StandardCharsets.UTF_8)
            .replace(InTotoStatement.COSIGN_SIGN_PREDICATE, "https://slsa.dev/provenance/v1");
    byte[] pae =
        DssePae.encode(InTotoStatement.PAYLOAD_TYPE, statement.getBytes(StandardCharsets.UTF_8));
    String provenance =
        "{\"mediaType\":\"application/vnd.dev.sigstore.bundle.v0.3+json\",\"verificationMaterial\":"
            + "{\"publicKey\":{\"hint\":\"x\"}},\"dsseEnvelope\":{\"payload\":\""
            + Base64.getEncoder().encodeToString(statement.getBytes(StandardCharsets.UTF_8))
            + "\",\"payloadType\":\"application/vnd.in-toto+json\",\"signatures\":[{\"sig\":\""
            + Base64.getEncoder().encodeToString(SigningKey.of(AUTHOR.getPrivate(), "t").sign(pae))
            + "\"}]}}";
    repo.push(
        CosignSigner.bundleReferrer(
            provenance.getBytes(StandardCharsets.UTF_8), SUBJECT, Instant.EPOCH),
        INDEX);

    assertThatThrownBy(() -> verify(repositoryPolicy(AUTHOR)))
        .isInstanceOf(UntrustedPackageException.class)
        .hasMessageContaining("an attestation of predicateType \"https://slsa.dev/provenance/v1\"");
  }

  @Test
  void refusesAPayloadThatDoesNotMatchItsDescriptorOrIsTooLarge() throws Exception {
    SignatureManifest signed = signer(AUTHOR).signSimple(REPO, INDEX, Map.of(), null);
    repo.push(signed, null);
    Digest payload = signed.blobs().get(1).descriptor().digest();
    repo.blobs.put(payload, "{\"swapped\":true}".getBytes(StandardCharsets.UTF_8));

    assertThatThrownBy(() -> verify(repositoryPolicy(AUTHOR)))
        .isInstanceOf(UntrustedPackageException.class)
        .hasMessageContaining("the blob does not match its descriptor (" + payload);

    byte[] huge = new byte[SimpleSigningPayload.MAX_BYTES + 1];
    repo.push(
        CosignSigner.simpleSigningImage(
            INDEX, List.of(new SimpleSignatureLayer(huge, Map.of())), null),
        null);
    repo.blobReads = 0;
    assertThatThrownBy(() -> verify(repositoryPolicy(AUTHOR)))
        .isInstanceOf(UntrustedPackageException.class)
        .hasMessageContaining("262145 bytes is more than the 262144 a signature may have");
    assertThat(repo.blobReads).isZero();
  }

  @Test
  void refusesAMalformedSignatureManifestAsUnreadable() throws Exception {
    repo.tags.put(
        SignatureFinder.signatureTag(INDEX),
        "{\"schemaVersion\":1}".getBytes(StandardCharsets.UTF_8));

    assertThatThrownBy(() -> verify(repositoryPolicy(AUTHOR)))
        .isInstanceOf(UntrustedPackageException.class)
        .hasMessageContaining("tag " + SignatureFinder.signatureTag(INDEX) + ": signature manifest")
        .hasMessageContaining("schema 1");
  }
}
