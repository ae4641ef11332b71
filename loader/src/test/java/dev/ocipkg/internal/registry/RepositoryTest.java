package dev.ocipkg.internal.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ocipkg.ImageReference;
import dev.ocipkg.internal.config.LoaderConfig;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RepositoryTest {
  @TempDir Path cache;

  @Test
  void aRegistryReferenceNamesItsHostAndPath() {
    Repository repository = Repository.of(ImageReference.parse("ghcr.io/acme/libfoo:1.2"));

    assertThat(repository.host()).isEqualTo("ghcr.io");
    assertThat(repository.path()).isEqualTo("acme/libfoo");
    assertThat(repository).hasToString("ghcr.io/acme/libfoo");
  }

  @Test
  void aDockerHubShortNameIsItsLibraryRepository() {
    assertThat(Repository.of(ImageReference.parse("ubuntu")))
        .isEqualTo(new Repository("docker.io", "library/ubuntu"));
  }

  @Test
  void aLayoutReferenceNamesNoRepository() {
    ImageReference layout = ImageReference.parse("oci:" + cache + ":1.0");

    assertThatThrownBy(() -> Repository.of(layout))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("names no registry repository");
  }

  @Test
  void aMirrorKeepsThePathOnItsOwnHost() {
    Repository upstream = new Repository("ghcr.io", "acme/libfoo");

    assertThat(upstream.on("127.0.0.1:5000")).hasToString("127.0.0.1:5000/acme/libfoo");
  }

  @Test
  void scopesNameThePathAlone() {
    Repository repository = new Repository("ghcr.io", "acme/libfoo");

    assertThat(repository.pullScope()).isEqualTo("repository:acme/libfoo:pull");
    assertThat(repository.pushScope()).isEqualTo("repository:acme/libfoo:pull,push");
  }

  @Test
  void endpointsPutThePathsSegmentsUnderV2() throws Exception {
    RegistryCaller caller = new RegistryCaller(LoaderConfig.builder().cacheDir(cache).build());
    Repository repository = new Repository("127.0.0.1:5000", "acme/lib foo");

    assertThat(caller.endpoint(repository, "manifests", "sha256:ab").encodedPath())
        .isEqualTo("/v2/acme/lib%20foo/manifests/sha256:ab");
    assertThat(caller.endpoint(repository, "tags", "list").host()).isEqualTo("127.0.0.1");
  }
}
