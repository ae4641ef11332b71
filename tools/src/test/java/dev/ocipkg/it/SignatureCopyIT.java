package dev.ocipkg.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ocipkg.ImageReference;
import dev.ocipkg.NativeLoader;
import dev.ocipkg.internal.config.LoaderConfig;
import dev.ocipkg.internal.io.TransferListener;
import dev.ocipkg.internal.trust.TestKeys;
import dev.ocipkg.internal.trust.TrustDecision;
import dev.ocipkg.internal.trust.UntrustedPackageException;
import dev.ocipkg.testing.RegistryServer;
import dev.ocipkg.testing.WrittenLayout;
import dev.ocipkg.tools.inspect.SignatureCheck;
import dev.ocipkg.tools.sign.ImageSigner;
import dev.ocipkg.tools.sign.SigningKey;
import dev.ocipkg.tools.transfer.ImageSources;
import dev.ocipkg.tools.transfer.ImageTransfer;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code ocipkg copy} and {@code push} carry an image's cosign signatures along, in both forms, to
 * a registry (Distribution 2.8: bundles listed under the referrers tag schema), to a layout and to
 * an archive; the copies verify with the author's key at the target, and a loader whose policy
 * demands that key loads from the copy. {@code --no-signatures} leaves them behind.
 */
class SignatureCopyIT {
  private static RegistryServer registry;
  private static KeyPair author;
  private static ImageSources sources;

  @BeforeAll
  static void start() throws IOException {
    registry = RegistryServer.builder().start();
    author = TestKeys.generate(TestKeys.Type.P256);
    sources = new ImageSources(LoaderConfig.builder().build());
  }

  @AfterAll
  static void stop() {
    registry.close();
  }

  @Test
  void bothFormsTravelToAnotherRepositoryAndVerifyThere(@TempDir Path work, @TempDir Path keys)
      throws Exception {
    WrittenLayout layout = DemoArtifact.push(registry, "acme/signed", work);
    sign("acme/signed", ImageSigner.Format.SIMPLE);
    sign("acme/signed", ImageSigner.Format.BUNDLE);

    ImageTransfer.Result copy =
        transfer().copy(reference("acme/signed"), reference("mirror/signed"), List.of(), null);

    assertThat(copy.root()).hasToString(layout.indexDigest());
    assertThat(copy.signatures()).isEqualTo(2);
    TrustDecision decision = verify(reference("mirror/signed"), publicKey(keys));
    assertThat(decision.acceptedBy()).hasSize(1);
    assertThat(signaturesListed("mirror/signed")).isEqualTo(2);
  }

  @Test
  void signaturesTravelIntoALayoutAndAnArchiveWhichStillLoad(
      @TempDir Path work, @TempDir Path keys, @TempDir Path cache) throws Exception {
    DemoArtifact.push(registry, "acme/tolayout", work);
    sign("acme/tolayout", ImageSigner.Format.BUNDLE);
    sign("acme/tolayout", ImageSigner.Format.SIMPLE);
    Path dir = work.resolve("copied");
    Path archive = work.resolve("copied.tar");

    assertThat(
            transfer()
                .copy(
                    reference("acme/tolayout"),
                    ImageReference.parse("oci:" + dir + ":1.0"),
                    List.of(),
                    null)
                .signatures())
        .isEqualTo(2);
    assertThat(
            transfer()
                .copy(
                    reference("acme/tolayout"),
                    ImageReference.parse("oci-archive:" + archive + ":1.0"),
                    List.of(),
                    null)
                .signatures())
        .isEqualTo(2);

    verify(ImageReference.parse("oci:" + dir + ":1.0"), publicKey(keys));
    verify(ImageReference.parse("oci-archive:" + archive + ":1.0"), publicKey(keys));
    // The signature tags beside the image do not make the layout "several images": the untagged
    // spelling still names the one image, under a policy that demands the author's key.
    Path policy = policy(keys);
    NativeLoader loader = NativeLoader.builder().cacheDir(cache).policy(policy).build();
    assertThat(loader.open("oci:" + dir).library("ocipkg_demo")).exists();
    // ... and a push of that layout carries them on to a registry once more
    ImageTransfer.Result pushed =
        transfer()
            .copy(ImageReference.parse("oci:" + dir), reference("again/tolayout"), List.of(), null);
    assertThat(pushed.signatures()).isEqualTo(2);
    verify(reference("again/tolayout"), publicKey(keys));
  }

  @Test
  void withoutSignaturesLeavesThemBehind(@TempDir Path work, @TempDir Path keys) throws Exception {
    DemoArtifact.push(registry, "acme/bare", work);
    sign("acme/bare", ImageSigner.Format.BUNDLE);

    ImageTransfer.Result copy =
        transfer()
            .withoutSignatures()
            .copy(reference("acme/bare"), reference("mirror/bare"), List.of(), null);

    assertThat(copy.signatures()).isZero();
    Path key = publicKey(keys);
    assertThatThrownBy(() -> verify(reference("mirror/bare"), key))
        .isInstanceOf(UntrustedPackageException.class);
  }

  @Test
  void anUnsignedImageCopiesWithNothingCarried(@TempDir Path work) throws Exception {
    DemoArtifact.push(registry, "acme/unsigned", work);
    assertThat(
            transfer()
                .copy(reference("acme/unsigned"), reference("mirror/unsigned"), List.of(), null)
                .signatures())
        .isZero();
  }

  private static ImageTransfer transfer() {
    return new ImageTransfer(sources, 0, TransferListener.NONE);
  }

  private static ImageReference reference(String repository) {
    return ImageReference.parse(registry.host() + "/" + repository + ":" + DemoArtifact.TAG);
  }

  private static void sign(String repository, ImageSigner.Format format) throws IOException {
    SigningKey key =
        SigningKey.fromPem(TestKeys.privatePem(author).getBytes(StandardCharsets.US_ASCII), "key");
    new ImageSigner(sources.registry()).sign(reference(repository), key, format);
  }

  private static TrustDecision verify(ImageReference reference, Path publicKey) throws IOException {
    return new SignatureCheck(sources).verify(reference, publicKey);
  }

  private static int signaturesListed(String repository) throws IOException {
    return new dev.ocipkg.tools.inspect.SignatureListing(sources)
        .list(reference(repository))
        .size();
  }

  private static Path publicKey(Path keys) throws IOException {
    return Files.writeString(keys.resolve("cosign.pub"), TestKeys.publicPem(author));
  }

  private static Path policy(Path keys) throws IOException {
    Path key = publicKey(keys);
    return Files.writeString(
        keys.resolve("policy.json"),
        "{\"default\":[{\"type\":\"sigstoreSigned\",\"keyPath\":\""
            + key
            + "\",\"signedIdentity\":{\"type\":\"matchRepository\"}}]}");
  }
}
