package dev.ocipkg.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ocipkg.Digest;
import dev.ocipkg.NativeLoadException;
import dev.ocipkg.NativeLoader;
import dev.ocipkg.NativePackage;
import dev.ocipkg.internal.config.LoaderConfig;
import dev.ocipkg.internal.oci.Descriptor;
import dev.ocipkg.internal.registry.Repository;
import dev.ocipkg.internal.trust.TestKeys;
import dev.ocipkg.testing.RegistryServer;
import dev.ocipkg.testing.WrittenLayout;
import dev.ocipkg.tools.cache.CacheInventory;
import dev.ocipkg.tools.registry.RegistryClient;
import dev.ocipkg.tools.sign.CosignSigner;
import dev.ocipkg.tools.sign.SignatureManifest;
import dev.ocipkg.tools.sign.SignaturePusher;
import dev.ocipkg.tools.sign.SigningKey;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A trust policy against a real registry (CNCF Distribution 2.8, which has no referrers API):
 * signatures made by {@link CosignSigner} with keys made here, pushed by {@link SignaturePusher};
 * the demo artifact pushed by skopeo. Every refusal leaves nothing extracted in the store.
 */
@Tag("java17")
class TrustIT {
  private static RegistryServer registry;
  private static RegistryClient client;
  private static KeyPair trusted;
  private static KeyPair other;

  @BeforeAll
  static void start() throws IOException {
    registry = RegistryServer.builder().start();
    client = new RegistryClient(LoaderConfig.builder().build());
    trusted = TestKeys.generate(TestKeys.Type.P256);
    other = TestKeys.generate(TestKeys.Type.P256);
  }

  @AfterAll
  static void stop() {
    registry.close();
  }

  @Test
  void aSimpleSignatureByTheTrustedKeyLoadsAndIsRecorded(
      @TempDir Path work, @TempDir Path cache, @TempDir Path keys) throws Exception {
    WrittenLayout layout = DemoArtifact.push(registry, "acme/simple", work);
    push(
        "acme/simple",
        signer(trusted).signSimple(identity("acme/simple"), digest(layout), Map.of(), null));

    NativePackage pkg = loader(cache, policy(keys)).open(tag("acme/simple"));

    assertThat(pkg.jna(Demo.class, "ocipkg_demo").demo_add(2, 3)).isEqualTo(5);
    Path record = cache.resolve("verified").resolve(digest(layout).hex() + ".trust");
    assertThat(Files.readString(record))
        .contains("policy.sha256=")
        .contains("key.0.sha256=")
        .contains("simple signing by");
  }

  @Test
  void gcKeepsATrustRecordWhileARecordNamesItsDigestAndRemovesItAfter(
      @TempDir Path work, @TempDir Path cache, @TempDir Path keys) throws Exception {
    WrittenLayout layout = DemoArtifact.push(registry, "acme/collected", work);
    push(
        "acme/collected",
        signer(trusted).signSimple(identity("acme/collected"), digest(layout), Map.of(), null));
    loader(cache, policy(keys)).open(tag("acme/collected"));
    Path record = cache.resolve("verified").resolve(digest(layout).hex() + ".trust");
    CacheInventory inventory = new CacheInventory(cache);

    assertThat(inventory.collect().records()).isZero();
    assertThat(record).exists();

    inventory.remove(tag("acme/collected"));
    assertThat(inventory.collect().records()).isEqualTo(1);
    assertThat(record).doesNotExist();
  }

  @Test
  void aBundleListedUnderTheReferrersTagLoads(
      @TempDir Path work, @TempDir Path cache, @TempDir Path keys) throws Exception {
    WrittenLayout layout = DemoArtifact.push(registry, "acme/bundle", work);
    String where =
        push("acme/bundle", signer(trusted).signBundle(subject(layout), Map.of(), Instant.now()));
    // Distribution 2.8 has no referrers API: the pusher fell back to the tag sha256-<hex>.
    assertThat(where).contains("listed in tag sha256-" + digest(layout).hex());

    NativePackage pkg = loader(cache, policy(keys)).open(tag("acme/bundle"));

    assertThat(pkg.jna(Demo.class, "ocipkg_demo").demo_add(1, 1)).isEqualTo(2);
  }

  @Test
  void aSignatureByAnotherKeyIsRefusedAndNothingIsExtracted(
      @TempDir Path work, @TempDir Path cache, @TempDir Path keys) throws Exception {
    WrittenLayout layout = DemoArtifact.push(registry, "acme/otherkey", work);
    push(
        "acme/otherkey",
        signer(other).signSimple(identity("acme/otherkey"), digest(layout), Map.of(), null));

    assertRefused(cache, keys, "acme/otherkey", layout, "layer 0: not signed by a trusted key");
  }

  @Test
  void aTamperedPayloadIsRefused(@TempDir Path work, @TempDir Path cache, @TempDir Path keys)
      throws Exception {
    WrittenLayout layout = DemoArtifact.push(registry, "acme/tampered", work);
    CosignSigner signer = signer(trusted);
    CosignSigner.SimpleSignatureLayer good =
        signer.signLayer(
            CosignSigner.simpleSigningPayload(identity("acme/tampered"), digest(layout), Map.of()));
    byte[] altered =
        new String(good.payload(), StandardCharsets.UTF_8)
            .replace("acme/tampered", "acme/tampereX")
            .getBytes(StandardCharsets.UTF_8);
    push(
        "acme/tampered",
        CosignSigner.simpleSigningImage(
            digest(layout),
            List.of(new CosignSigner.SimpleSignatureLayer(altered, good.annotations())),
            null));

    assertRefused(cache, keys, "acme/tampered", layout, "not signed by a trusted key");
  }

  @Test
  void aSignatureOfAnotherDigestIsRefused(
      @TempDir Path work, @TempDir Path cache, @TempDir Path keys) throws Exception {
    WrittenLayout layout = DemoArtifact.push(registry, "acme/otherdigest", work);
    Digest elsewhere = Digest.sha256("another package".getBytes(StandardCharsets.UTF_8));
    CosignSigner.SimpleSignatureLayer forElsewhere =
        signer(trusted)
            .signLayer(
                CosignSigner.simpleSigningPayload(
                    identity("acme/otherdigest"), elsewhere, Map.of()));
    // Moved under this digest's .sig tag: the key is right, the digest it signed is not.
    push(
        "acme/otherdigest",
        CosignSigner.simpleSigningImage(digest(layout), List.of(forElsewhere), null));

    assertRefused(
        cache,
        keys,
        "acme/otherdigest",
        layout,
        "the payload is for " + elsewhere + ", not " + digest(layout));
  }

  @Test
  void anUnsignedPackageIsRefusedNamingWhereItLooked(
      @TempDir Path work, @TempDir Path cache, @TempDir Path keys) throws Exception {
    WrittenLayout layout = DemoArtifact.push(registry, "acme/unsigned", work);

    assertRefused(
        cache,
        keys,
        "acme/unsigned",
        layout,
        "no signature was found (for "
            + digest(layout)
            + ": no tag sha256-"
            + digest(layout).hex()
            + ".sig");
  }

  @Test
  void aRejectScopeRefusesEvenASignedPackage(
      @TempDir Path work, @TempDir Path cache, @TempDir Path keys) throws Exception {
    WrittenLayout layout = DemoArtifact.push(registry, "acme/rejected/lib", work);
    push(
        "acme/rejected/lib",
        signer(trusted).signSimple(identity("acme/rejected/lib"), digest(layout), Map.of(), null));

    assertRefused(
        cache,
        keys,
        "acme/rejected/lib",
        layout,
        "scope transports.docker[\""
            + registry.host()
            + "/acme/rejected\"]: the scope rejects every image");
  }

  @Test
  void aWarmLoadUnderAPolicyAsksNothingOfTheRegistryAndAChangedPolicyVerifiesAgain(
      @TempDir Path work, @TempDir Path cache, @TempDir Path keys) throws Exception {
    WrittenLayout layout = DemoArtifact.push(registry, "acme/warm", work);
    push(
        "acme/warm",
        signer(trusted).signSimple(identity("acme/warm"), digest(layout), Map.of(), null));
    Path policy = policy(keys);
    Path first = loader(cache, policy).open(tag("acme/warm")).directory();
    registry.accessLog().clear();

    // A new loader (no in-process cache): the tag record is fresh, the trust record matches.
    assertThat(loader(cache, policy).open(tag("acme/warm")).directory()).isEqualTo(first);
    assertThat(registry.accessLog().entries()).isEmpty();

    Files.writeString(policy, Files.readString(policy) + "\n");
    assertThat(loader(cache, policy).open(tag("acme/warm")).directory()).isEqualTo(first);
    assertThat(
            registry.accessLog().count("GET", "/manifests/sha256-" + digest(layout).hex() + ".sig"))
        .isEqualTo(1);

    // A key file is watched as the policy is: another key in its place refuses the package.
    Files.writeString(keys.resolve("trusted.pub"), TestKeys.publicPem(other));
    assertThatThrownBy(() -> loader(cache, policy).open(tag("acme/warm")))
        .isInstanceOf(NativeLoadException.class)
        .hasMessageContaining("not signed by a trusted key");

    Files.writeString(keys.resolve("trusted.pub"), TestKeys.publicPem(trusted));
    Files.writeString(policy, Files.readString(policy) + "\n");
    NativeLoader offline =
        NativeLoader.builder().cacheDir(cache).policy(policy).offline(true).build();
    assertThatThrownBy(() -> offline.open(tag("acme/warm")))
        .isInstanceOf(NativeLoadException.class)
        .hasMessageContaining("has no record that the trust policy " + policy + " accepted it");
  }

  @Test
  void anUnsignedLayoutIsRefusedAfterLookingForItsSignatureTagInIndexJson(
      @TempDir Path work, @TempDir Path cache, @TempDir Path keys) throws Exception {
    WrittenLayout layout = DemoArtifact.writeLayout(work);
    Files.writeString(keys.resolve("trusted.pub"), TestKeys.publicPem(trusted));
    Path policy = keys.resolve("policy.json");
    Files.writeString(
        policy,
        "{\"default\":[{\"type\":\"reject\"}],\"transports\":{\"oci\":{\"\":"
            + "[{\"type\":\"sigstoreSigned\",\"keyPath\":\"trusted.pub\"}]}}}");
    String reference = "oci:" + layout.directory() + ":" + DemoArtifact.TAG;

    assertThatThrownBy(() -> loader(cache, policy).open(reference))
        .isInstanceOf(NativeLoadException.class)
        .hasMessageContaining("scope transports.oci[\"\"]")
        .hasMessageContaining("no tag sha256-" + digest(layout).hex() + ".sig")
        .hasMessageContaining("no tag sha256-" + digest(layout).hex() + ")");
    assertThat(cache.resolve("packages")).doesNotExist();
  }

  @Test
  void withoutAPolicyNoTrustClassIsLoadedColdOrWarm(@TempDir Path work, @TempDir Path cache)
      throws Exception {
    DemoArtifact.push(registry, "acme/nopolicy", work);
    for (String run : List.of("cold", "warm")) {
      Path output = work.resolve(run + ".log");
      Process java =
          JavaProcesses.start(
              output,
              Map.of("JAVA_TOOL_OPTIONS", "-Xlog:class+load=info"),
              LoadMain.class,
              cache.toString(),
              tag("acme/nopolicy"));
      assertThat(java.waitFor()).as(Files.readString(output)).isZero();
      String log = Files.readString(output);
      assertThat(log).contains("dev.ocipkg.internal.PackageLookup ");
      assertThat(log)
          .as(run)
          .doesNotContain("dev.ocipkg.internal.trust.")
          .doesNotContain("dev.ocipkg.internal.store.TrustRecords")
          .doesNotContain("dev.ocipkg.internal.PackageVerifier");
    }
  }

  private static void assertRefused(
      Path cache, Path keys, String repository, WrittenLayout layout, String why)
      throws IOException {
    assertThatThrownBy(() -> loader(cache, policy(keys)).open(tag(repository)))
        .isInstanceOf(NativeLoadException.class)
        .hasMessageContaining(tag(repository) + " (" + digest(layout) + ") is refused by policy ")
        .hasMessageContaining(why)
        .satisfies(e -> assertThat(((NativeLoadException) e).hint()).contains("cosign sign --key"));
    Path packages = cache.resolve("packages").resolve("sha256");
    if (Files.isDirectory(packages)) {
      try (Stream<Path> extracted = Files.list(packages)) {
        assertThat(extracted).isEmpty();
      }
    }
    assertThat(cache.resolve("verified")).doesNotExist();
  }

  /**
   * Trusts {@link #trusted} under HOST/acme (matchRepository: cosign signs the repository, and the
   * tests load by tag), rejects HOST/acme/rejected, rejects all else.
   */
  private static Path policy(Path folder) throws IOException {
    Files.writeString(folder.resolve("trusted.pub"), TestKeys.publicPem(trusted));
    Path policy = folder.resolve("policy.json");
    String host = registry.host();
    Files.writeString(
        policy,
        "{\"default\":[{\"type\":\"reject\"}],\"transports\":{\"docker\":{"
            + "\""
            + host
            + "/acme\":[{\"type\":\"sigstoreSigned\",\"keyPath\":\"trusted.pub\","
            + "\"signedIdentity\":{\"type\":\"matchRepository\"}}],"
            + "\""
            + host
            + "/acme/rejected\":[{\"type\":\"reject\"}]}}}");
    return policy;
  }

  private static NativeLoader loader(Path cache, Path policy) {
    return NativeLoader.builder().cacheDir(cache).policy(policy).build();
  }

  private static CosignSigner signer(KeyPair pair) throws IOException {
    return new CosignSigner(
        SigningKey.fromPem(TestKeys.privatePem(pair).getBytes(StandardCharsets.US_ASCII), "key"));
  }

  private static String push(String repository, SignatureManifest signature) throws IOException {
    return new SignaturePusher(client)
        .push(
            new Repository(registry.host(), repository), subjectOf(repository).digest(), signature);
  }

  private static Descriptor subjectOf(String repository) throws IOException {
    var top =
        client.pullManifest(new Repository(registry.host(), repository), DemoArtifact.TAG, null);
    return Descriptor.of(
        dev.ocipkg.internal.oci.MediaTypes.OCI_INDEX, top.digest(), top.bytes().length);
  }

  private static Descriptor subject(WrittenLayout layout) {
    return Descriptor.of(
        dev.ocipkg.internal.oci.MediaTypes.OCI_INDEX, digest(layout), layout.rootBytes().length);
  }

  private static Digest digest(WrittenLayout layout) {
    return Digest.parse(layout.indexDigest());
  }

  private static String identity(String repository) {
    return registry.host() + "/" + repository;
  }

  private static String tag(String repository) {
    return registry.reference(repository + ":" + DemoArtifact.TAG);
  }
}
