package dev.ocipkg.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.net.ssl.SSLHandshakeException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

class TlsRegistryTest {
  @RegisterExtension static RegistryExtension registry = RegistryExtension.tls();

  @RegisterExtension
  static RegistryExtension basicOverTls =
      RegistryExtension.of(RegistryServer.builder().basicAuth().tls());

  @RegisterExtension
  static RegistryExtension tokenOverTls =
      RegistryExtension.of(RegistryServer.builder().tokenAuth().tls());

  @Test
  void pushAndReadBackVerifyingTheTestCa(@TempDir Path dir) throws Exception {
    WrittenLayout layout = Fixtures.libfoo(dir, "1.2.0");
    Skopeo.locate().copyAll(dir, "1.2.0", registry.server(), "acme/libfoo:1.2.0");

    assertThat(registry.baseUri().getScheme()).isEqualTo("https");
    RegistryHttp http = new RegistryHttp(registry.server());
    HttpResponse<byte[]> index =
        http.get("/v2/acme/libfoo/manifests/1.2.0", MediaTypes.OCI_INDEX, "");
    assertThat(index.statusCode()).isEqualTo(200);
    assertThat(Sha256.digest(index.body())).isEqualTo(layout.indexDigest());
    assertThat(index.headers().firstValue("Docker-Content-Digest")).hasValue(layout.indexDigest());

    WrittenManifest windows = layout.manifest("windows/amd64");
    HttpResponse<byte[]> manifest =
        http.get("/v2/acme/libfoo/manifests/" + windows.digest(), MediaTypes.OCI_MANIFEST, "");
    assertThat(Sha256.digest(manifest.body())).isEqualTo(windows.digest());
  }

  @Test
  void theJdkDefaultTrustStoreDoesNotTrustTheTestCa() {
    HttpClient defaultTrust = HttpClient.newHttpClient();
    HttpRequest request = HttpRequest.newBuilder(registry.baseUri().resolve("/v2/")).build();
    assertThatThrownBy(() -> defaultTrust.send(request, HttpResponse.BodyHandlers.discarding()))
        .isInstanceOf(SSLHandshakeException.class);
  }

  @Test
  void caFilesAreReadyForSkopeoAndGo() throws Exception {
    RegistryServer server = registry.server();
    assertThat(Files.readString(server.caCertificateFile())).isEqualTo(server.caCertificatePem());
    try (var files = Files.list(server.caCertificateDirectory())) {
      assertThat(files).containsExactly(server.caCertificateFile());
    }
    assertThat(server.trustManager().getAcceptedIssuers())
        .containsExactly(server.certificateAuthority().certificate());
  }

  @Test
  void basicAuthComposesWithTls(@TempDir Path dir) throws Exception {
    WrittenLayout layout = Fixtures.libfoo(dir, "1.0");
    Skopeo.locate().copyAll(dir, "1.0", basicOverTls.server(), "acme/libfoo:1.0");

    assertThat(basicOverTls.mode()).hasToString("basic+tls");
    HttpResponse<byte[]> index =
        new RegistryHttp(basicOverTls.server())
            .get(
                "/v2/acme/libfoo/manifests/1.0",
                MediaTypes.OCI_INDEX,
                RegistryHttp.basic(basicOverTls.username(), basicOverTls.password()));
    assertThat(Sha256.digest(index.body())).isEqualTo(layout.indexDigest());
  }

  @Test
  void tokenAuthOverTlsServesItsRealmOverHttps(@TempDir Path dir) throws Exception {
    WrittenLayout layout = Fixtures.libfoo(dir, "1.0");
    Skopeo.locate().copyAll(dir, "1.0", tokenOverTls.server(), "acme/libfoo:1.0");

    assertThat(tokenOverTls.tokenService().realm().getScheme()).isEqualTo("https");
    HttpResponse<byte[]> index =
        new RegistryHttp(tokenOverTls.server())
            .getWithBearer("/v2/acme/libfoo/manifests/1.0", MediaTypes.OCI_INDEX, "");
    assertThat(Sha256.digest(index.body())).isEqualTo(layout.indexDigest());
  }
}
