package dev.ocipkg.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.ConnectException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RegistryServerLifecycleTest {

  @Test
  void stopGoesOfflineAndStartComesBackOnTheSamePortAndStorage(@TempDir Path dir) throws Exception {
    WrittenLayout layout = Fixtures.libfoo(dir, "1.0");
    Path workDirectory;
    try (RegistryServer registry = RegistryServer.builder().start()) {
      workDirectory = registry.storageDirectory().getParent();
      Skopeo.locate().copyAll(dir, "1.0", registry, "acme/libfoo:1.0");
      String host = registry.host();
      RegistryHttp http = new RegistryHttp(registry);
      http.get("/v2/acme/libfoo/manifests/1.0", MediaTypes.OCI_INDEX, "");

      registry.stop();
      assertThat(registry.isRunning()).isFalse();
      assertThatThrownBy(() -> new RegistryHttp(registry).get("/v2/", "*/*", ""))
          .isInstanceOf(ConnectException.class);

      registry.start();
      assertThat(registry.host()).isEqualTo(host);
      HttpResponse<byte[]> index =
          new RegistryHttp(registry).get("/v2/acme/libfoo/manifests/1.0", MediaTypes.OCI_INDEX, "");
      assertThat(Sha256.digest(index.body())).isEqualTo(layout.indexDigest());
      assertThat(registry.accessLog().manifestFetches("acme/libfoo", "1.0")).isEqualTo(2);
    }
    assertThat(workDirectory).doesNotExist();
  }

  @Test
  void blobFileLetsATestCorruptStoredContent(@TempDir Path dir) throws Exception {
    WrittenLayout layout = Fixtures.libfoo(dir, "1.0");
    try (RegistryServer registry = RegistryServer.builder().start()) {
      Skopeo.locate().copyAll(dir, "1.0", registry, "acme/libfoo:1.0");
      WrittenManifest amd64 = layout.manifest("linux/amd64");
      Path stored = registry.blobFile(amd64.layerDigest());
      assertThat(stored).hasBinaryContent(amd64.layerBytes());

      byte[] corrupt = amd64.layerBytes().clone();
      corrupt[corrupt.length / 2] ^= 0x55;
      Files.write(stored, corrupt, StandardOpenOption.TRUNCATE_EXISTING);

      HttpResponse<byte[]> served =
          new RegistryHttp(registry).get("/v2/acme/libfoo/blobs/" + amd64.layerDigest(), "*/*", "");
      assertThat(served.statusCode()).isEqualTo(200);
      assertThat(Sha256.digest(served.body())).isNotEqualTo(amd64.layerDigest());
    }
  }

  @Test
  void missingProgramsFailWithTheInstallCommand() {
    assertThatThrownBy(() -> Executables.find("ocipkg-no-such-program"))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("apt-get update && apt-get install -y docker-registry skopeo");
  }

  @Test
  void startFailureCarriesTheRegistryOutput() {
    assertThatThrownBy(() -> RegistryServer.builder().executable(Path.of("/bin/false")).start())
        .hasMessageContaining("docker-registry exited with code 1");
  }
}
