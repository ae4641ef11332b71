package dev.ocipkg.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

class AnonymousRegistryTest {
  @RegisterExtension static RegistryExtension registry = RegistryExtension.anonymous();

  static WrittenLayout layout;

  @BeforeAll
  static void push(@TempDir Path dir) throws Exception {
    layout = Fixtures.libfoo(dir, "1.2.0");
    Skopeo.locate().copyAll(dir, "1.2.0", registry.server(), "acme/libfoo:1.2.0");
  }

  @Test
  void servesThePushedIndexAndManifestsByteForByte() throws Exception {
    RegistryHttp http = new RegistryHttp(registry.server());

    HttpResponse<byte[]> index =
        http.get("/v2/acme/libfoo/manifests/1.2.0", MediaTypes.OCI_INDEX, "");
    assertThat(index.statusCode()).isEqualTo(200);
    assertThat(Sha256.digest(index.body())).isEqualTo(layout.indexDigest());
    assertThat(index.headers().firstValue("Docker-Content-Digest")).hasValue(layout.indexDigest());
    assertThat(index.headers().firstValue("Content-Type")).hasValue(MediaTypes.OCI_INDEX);

    for (WrittenManifest manifest : layout.manifests()) {
      HttpResponse<byte[]> response =
          http.get("/v2/acme/libfoo/manifests/" + manifest.digest(), MediaTypes.OCI_MANIFEST, "");
      assertThat(response.statusCode()).isEqualTo(200);
      assertThat(Sha256.digest(response.body())).isEqualTo(manifest.digest());
      assertThat(response.headers().firstValue("Docker-Content-Digest"))
          .hasValue(manifest.digest());
      assertThat(response.body()).isEqualTo(manifest.bytes());
    }
  }

  @Test
  void skopeoReadsTheSameBytes() throws Exception {
    byte[] raw = Skopeo.locate().inspectRaw(registry.server(), "acme/libfoo:1.2.0");
    assertThat(Sha256.digest(raw)).isEqualTo(layout.indexDigest());
  }

  @Test
  void accessLogCountsEveryBlobDownload() throws Exception {
    RegistryHttp http = new RegistryHttp(registry.server());
    WrittenManifest amd64 = layout.manifest("linux/amd64");
    String path = "/v2/acme/libfoo/blobs/" + amd64.layerDigest();
    registry.accessLog().clear();

    for (int i = 0; i < 3; i++) {
      HttpResponse<byte[]> blob = http.get(path, "*/*", "");
      assertThat(blob.statusCode()).isEqualTo(200);
      assertThat(blob.body()).isEqualTo(amd64.layerBytes());
    }

    AccessLog log = registry.accessLog();
    assertThat(log.blobFetches(amd64.layerDigest())).isEqualTo(3);
    assertThat(log.count("GET", "/blobs/" + amd64.layerDigest())).isEqualTo(3);
    assertThat(log.count("GET", "/v2/acme/[^/]+/blobs/sha256:[0-9a-f]{64}")).isEqualTo(3);
    assertThat(log.entries())
        .allSatisfy(
            entry -> {
              assertThat(entry.status()).isEqualTo(200);
              assertThat(entry.bytes()).isEqualTo(amd64.layerSize());
              assertThat(entry.userAgent()).startsWith("Java-http-client/");
            });

    log.clear();
    assertThat(log.blobFetches(amd64.layerDigest())).isZero();
  }
}
