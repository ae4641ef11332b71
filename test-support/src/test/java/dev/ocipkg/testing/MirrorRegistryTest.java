package dev.ocipkg.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

class MirrorRegistryTest {
  @RegisterExtension static RegistryExtension upstream = RegistryExtension.anonymous();
  @RegisterExtension static RegistryExtension mirror = RegistryExtension.mirrorOf(upstream);

  static WrittenLayout layout;

  @BeforeAll
  static void pushToUpstream(@TempDir Path dir) throws Exception {
    layout = Fixtures.libfoo(dir, "1.2.0");
    Skopeo.locate().copyAll(dir, "1.2.0", upstream.server(), "acme/libfoo:1.2.0");
  }

  @Test
  void pullsThroughTheMirrorFromTheUpstream() throws Exception {
    assertThat(mirror.mode()).hasToString("mirror");
    assertThat(mirror.server().upstream()).containsSame(upstream.server());
    upstream.accessLog().clear();
    RegistryHttp http = new RegistryHttp(mirror.server());

    HttpResponse<byte[]> index =
        http.get("/v2/acme/libfoo/manifests/1.2.0", MediaTypes.OCI_INDEX, "");
    assertThat(index.statusCode()).isEqualTo(200);
    assertThat(Sha256.digest(index.body())).isEqualTo(layout.indexDigest());
    assertThat(index.headers().firstValue("Docker-Content-Digest")).hasValue(layout.indexDigest());

    WrittenManifest amd64 = layout.manifest("linux/amd64");
    HttpResponse<byte[]> manifest =
        http.get("/v2/acme/libfoo/manifests/" + amd64.digest(), MediaTypes.OCI_MANIFEST, "");
    assertThat(Sha256.digest(manifest.body())).isEqualTo(amd64.digest());
    HttpResponse<byte[]> layer =
        http.get("/v2/acme/libfoo/blobs/" + amd64.layerDigest(), "*/*", "");
    assertThat(layer.body()).isEqualTo(amd64.layerBytes());

    AccessLog upstreamLog = upstream.accessLog();
    // Distribution 2.8's proxy streams the blob to the client and, in a goroutine, fetches it a
    // second time to store it (proxyblobstore.storeLocal); that second GET may still be running.
    assertThat(upstreamLog.blobFetches(amd64.layerDigest())).isBetween(1L, 2L);
    // Only the mirror asked the upstream, and each of its requests is known as the mirror's.
    assertThat(upstreamLog.blobFetchesNotByMirrors(amd64.layerDigest())).isZero();
    assertThat(upstreamLog.entries())
        .anySatisfy(e -> assertThat(e.path()).isEqualTo("/v2/acme/libfoo/manifests/1.2.0"));
    assertThat(mirror.accessLog().blobFetches(amd64.layerDigest())).isEqualTo(1);
  }

  @Test
  void skopeoReadsThroughTheMirrorAndCannotPushToIt(@TempDir Path dir) throws Exception {
    byte[] raw = Skopeo.locate().inspectRaw(mirror.server(), "acme/libfoo:1.2.0");
    assertThat(Sha256.digest(raw)).isEqualTo(layout.indexDigest());

    Fixtures.libfoo(dir, "2.0");
    SkopeoException refused =
        catchThrowableOfType(
            SkopeoException.class,
            () -> Skopeo.locate().copyAll(dir, "2.0", mirror.server(), "acme/libfoo:2.0"));
    // Distribution answers the manifest PUT with UNSUPPORTED, which skopeo prints as below.
    assertThat(refused.output()).contains("writing manifest").contains("unsupported");
  }

  @Test
  void mirrorsAnUpstreamThatWantsTlsAndCredentials(@TempDir Path dir) throws Exception {
    try (RegistryServer secureUpstream =
            RegistryServer.builder().tokenAuth().anonymousPull(false).tls().start();
        RegistryServer secureMirror = RegistryServer.builder().mirrorOf(secureUpstream).start()) {
      WrittenLayout pushed = Fixtures.libfoo(dir, "1.0");
      Skopeo.locate().copyAll(dir, "1.0", secureUpstream, "acme/libfoo:1.0");

      HttpResponse<byte[]> index =
          new RegistryHttp(secureMirror)
              .get("/v2/acme/libfoo/manifests/1.0", MediaTypes.OCI_INDEX, "");

      assertThat(index.statusCode()).as(secureMirror::output).isEqualTo(200);
      assertThat(Sha256.digest(index.body())).isEqualTo(pushed.indexDigest());
      assertThat(secureUpstream.accessLog().manifestFetches("acme/libfoo", "1.0")).isEqualTo(1);
      assertThat(secureUpstream.tokenService().requests())
          .anySatisfy(
              request -> {
                assertThat(request.user()).hasValue(secureUpstream.username());
                assertThat(request.granted()).containsExactly("repository:acme/libfoo:pull");
              });
    }
  }

  @Test
  void refusesABasicAuthUpstreamThatDistributionCannotLogInTo() throws Exception {
    try (RegistryServer basicUpstream = RegistryServer.builder().basicAuth().start()) {
      assertThatThrownBy(() -> RegistryServer.builder().mirrorOf(basicUpstream).start())
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("bearer-token realm");
    }
  }
}
