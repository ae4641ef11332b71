package dev.ocipkg;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class ImageReferenceTest {
  private static final String DIGEST =
      "sha256:e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";

  @ParameterizedTest
  @CsvSource({
    "ubuntu, docker.io, library/ubuntu, latest",
    "ubuntu:22.04, docker.io, library/ubuntu, 22.04",
    "acme/libfoo, docker.io, acme/libfoo, latest",
    "index.docker.io/acme/libfoo:1, docker.io, acme/libfoo, 1",
    "ghcr.io/acme/libfoo:1.2.0, ghcr.io, acme/libfoo, 1.2.0",
    "localhost/foo, localhost, foo, latest",
    "localhost:5000/a/b/c:v1, localhost:5000, a/b/c, v1",
    "127.0.0.1:5000/libfoo:1.2, 127.0.0.1:5000, libfoo, 1.2",
    "[::1]:5000/libfoo, [::1]:5000, libfoo, latest",
    "docker://ghcr.io/acme/lib_foo-x.y:TAG_1, ghcr.io, acme/lib_foo-x.y, TAG_1",
  })
  void normalisesLikeDocker(String text, String registry, String repository, String tag) {
    ImageReference ref = ImageReference.parse(text);
    assertThat(ref.kind()).isEqualTo(ImageReference.Kind.REGISTRY);
    assertThat(ref.registry()).isEqualTo(registry);
    assertThat(ref.repository()).isEqualTo(repository);
    assertThat(ref.tag()).isEqualTo(tag);
    assertThat(ref.digest()).isNull();
    assertThat(ImageReference.parse(ref.toString())).isEqualTo(ref);
  }

  @Test
  void digestPinnedReferences() {
    ImageReference pinned = ImageReference.parse("ghcr.io/acme/libfoo@" + DIGEST);
    assertThat(pinned.tag()).isNull();
    assertThat(pinned.digest()).isEqualTo(Digest.parse(DIGEST));
    assertThat(pinned.toString()).isEqualTo("ghcr.io/acme/libfoo@" + DIGEST);

    ImageReference both = ImageReference.parse("ghcr.io/acme/libfoo:1.2@" + DIGEST);
    assertThat(both.tag()).isEqualTo("1.2");
    assertThat(both.digest()).isEqualTo(Digest.parse(DIGEST));
    assertThat(ImageReference.parse(both.toString())).isEqualTo(both);
  }

  @Test
  void localSources() {
    ImageReference layout = ImageReference.parse("oci:build/layout:1.0");
    assertThat(layout.kind()).isEqualTo(ImageReference.Kind.OCI_LAYOUT);
    assertThat(layout.path()).isEqualTo(Path.of("build/layout"));
    assertThat(layout.tag()).isEqualTo("1.0");
    assertThat(layout.registry()).isNull();

    ImageReference byDigest = ImageReference.parse("oci:/tmp/x@" + DIGEST);
    assertThat(byDigest.path()).isEqualTo(Path.of("/tmp/x"));
    assertThat(byDigest.digest()).isEqualTo(Digest.parse(DIGEST));

    ImageReference untagged = ImageReference.parse("oci:/tmp/x");
    assertThat(untagged.tag()).isNull();

    ImageReference archive = ImageReference.parse("oci-archive:/tmp/pkg.tar:v2");
    assertThat(archive.kind()).isEqualTo(ImageReference.Kind.OCI_ARCHIVE);
    assertThat(archive.path()).isEqualTo(Path.of("/tmp/pkg.tar"));
    assertThat(archive.tag()).isEqualTo("v2");
    assertThat(ImageReference.parse(archive.toString())).isEqualTo(archive);
  }

  @Test
  void aLocalSourceNamesAnyRefNameAsSkopeoDoes() {
    // The Rust ocipkg writes the full image name as org.opencontainers.image.ref.name.
    ImageReference archive = ImageReference.parse("oci-archive:/tmp/pkg.tar:localhost:5000/x:1.0");
    assertThat(archive.path()).isEqualTo(Path.of("/tmp/pkg.tar"));
    assertThat(archive.tag()).isEqualTo("localhost:5000/x:1.0");
    assertThat(ImageReference.parse(archive.toString())).isEqualTo(archive);

    ImageReference layout = ImageReference.parse("oci:build/layout:ghcr.io/acme/lib+x@1");
    assertThat(layout.tag()).isEqualTo("ghcr.io/acme/lib+x@1");
    assertThat(layout.digest()).isNull();
  }

  @ParameterizedTest
  @ValueSource(strings = {"oci:dir:a//b", "oci:dir:-a", "oci:dir:a:", "oci-archive:f.tar:a b"})
  void aLocalRefNameOutsideTheAnnotationGrammarIsRefused(String text) {
    assertThatThrownBy(() -> ImageReference.parse(text))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("\"" + text + "\"")
        .hasMessageContaining("ref.name");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "",
        "ghcr.io/Acme/libfoo",
        "ghcr.io/acme/libfoo:",
        "ghcr.io/acme/libfoo:-bad",
        "ghcr.io/acme//libfoo",
        "ghcr.io/acme/libfoo@sha256:1234",
        "ghcr.io/acme/libfoo@md5:d41d8cd98f00b204e9800998ecf8427e",
        "bad_host.io:99x/foo",
        "oci:",
        "oci::tag",
        "oci-archive:",
      })
  void rejectsMalformedTextQuotingIt(String text) {
    assertThatThrownBy(() -> ImageReference.parse(text))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("\"" + text + "\"");
  }

  @Test
  void rejectsOverlongNames() {
    String text = "ghcr.io/" + "a".repeat(250);
    assertThatThrownBy(() -> ImageReference.parse(text)).hasMessageContaining("longer than 255");
  }
}
