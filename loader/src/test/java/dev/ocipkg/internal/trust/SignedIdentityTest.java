package dev.ocipkg.internal.trust;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ocipkg.ImageReference;
import org.junit.jupiter.api.Test;

class SignedIdentityTest {
  private static final String DIGEST = "@sha256:" + "a".repeat(64);

  private static String mismatch(SignedIdentity identity, String image, String claim) {
    String last = claim.substring(claim.lastIndexOf('/') + 1);
    boolean repositoryOnly = !last.contains(":") && !last.contains("@");
    return identity.mismatch(
        ImageReference.parse(image), ImageReference.parse(claim), repositoryOnly);
  }

  @Test
  void matchRepositoryNormalisesDockerHubAsCosignSpellsIt() {
    SignedIdentity identity = new SignedIdentity.MatchRepository();

    assertThat(mismatch(identity, "busybox:1.36", "index.docker.io/library/busybox")).isNull();
    assertThat(mismatch(identity, "busybox:1.36", "docker.io/library/alpine"))
        .isEqualTo("it claims repository docker.io/library/alpine, not docker.io/library/busybox");
  }

  @Test
  void matchRepoDigestOrExactFollowsContainersPolicy() {
    SignedIdentity identity = new SignedIdentity.MatchRepoDigestOrExact();

    assertThat(mismatch(identity, "a.example/x:1", "a.example/x:1")).isNull();
    assertThat(mismatch(identity, "a.example/x:1", "a.example/x:2")).contains("not exactly");
    assertThat(mismatch(identity, "a.example/x:latest", "a.example/x"))
        .startsWith("it claims repository a.example/x only, not exactly a.example/x:latest");
    assertThat(mismatch(identity, "a.example/x" + DIGEST, "a.example/x")).isNull();
    assertThat(mismatch(identity, "a.example/x:1" + DIGEST, "a.example/x:9")).isNull();
  }

  @Test
  void matchExactAndExactReferenceNeedTheSameTag() {
    assertThat(mismatch(new SignedIdentity.MatchExact(), "a.example/x:1", "a.example/x:1"))
        .isNull();
    assertThat(mismatch(new SignedIdentity.MatchExact(), "a.example/x:1", "a.example/x"))
        .isNotNull();
    SignedIdentity exact = new SignedIdentity.ExactReference(ImageReference.parse("v.example/p:2"));
    assertThat(mismatch(exact, "mirror.example/p:7", "v.example/p:2")).isNull();
    assertThat(mismatch(exact, "mirror.example/p:7", "v.example/p")).contains("(exactReference)");
  }

  @Test
  void remapIdentityReplacesTheMirrorPrefixOnComponentBoundaries() {
    SignedIdentity remap =
        new SignedIdentity.RemapIdentity("mirror.example/vendor", "vendor.example");

    assertThat(mismatch(remap, "mirror.example/vendor/lib" + DIGEST, "vendor.example/lib"))
        .isNull();
    assertThat(mismatch(remap, "mirror.example/vendor/lib:1", "vendor.example/lib:1")).isNull();
    assertThat(mismatch(remap, "mirror.example/vendorx/lib" + DIGEST, "vendor.example/lib"))
        .contains("not mirror.example/vendorx/lib");
  }

  @Test
  void onlyExactIdentitiesApplyToLocalSources() {
    assertThat(mismatch(new SignedIdentity.MatchRepository(), "oci:/layouts/x:1", "a.example/x"))
        .contains("for oci: and oci-archive: sources use exactReference or exactRepository");
    SignedIdentity exact = new SignedIdentity.ExactRepository(ImageReference.parse("a.example/x"));
    assertThat(mismatch(exact, "oci:/layouts/x:1", "a.example/x")).isNull();
  }
}
