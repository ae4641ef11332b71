package dev.ocipkg.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

class BasicAuthRegistryTest {
  @RegisterExtension static RegistryExtension registry = RegistryExtension.basicAuth();

  static WrittenLayout layout;

  @BeforeAll
  static void push(@TempDir Path dir) throws Exception {
    layout = Fixtures.libfoo(dir, "1.2.0");
    Skopeo.locate().copyAll(dir, "1.2.0", registry.server(), "acme/libfoo:1.2.0");
  }

  @Test
  void servesTheIndexToTheRightCredentialsOnly() throws Exception {
    RegistryHttp http = new RegistryHttp(registry.server());
    String path = "/v2/acme/libfoo/manifests/1.2.0";

    HttpResponse<byte[]> anonymous = http.get(path, MediaTypes.OCI_INDEX, "");
    assertThat(anonymous.statusCode()).isEqualTo(401);
    assertThat(anonymous.headers().firstValue("WWW-Authenticate"))
        .hasValueSatisfying(h -> assertThat(h).startsWith("Basic realm="));

    HttpResponse<byte[]> wrong =
        http.get(path, MediaTypes.OCI_INDEX, RegistryHttp.basic(registry.username(), "wrong"));
    assertThat(wrong.statusCode()).isEqualTo(401);

    String authorization = RegistryHttp.basic(registry.username(), registry.password());
    HttpResponse<byte[]> index = http.get(path, MediaTypes.OCI_INDEX, authorization);
    assertThat(index.statusCode()).isEqualTo(200);
    assertThat(Sha256.digest(index.body())).isEqualTo(layout.indexDigest());
    assertThat(index.headers().firstValue("Docker-Content-Digest")).hasValue(layout.indexDigest());

    WrittenManifest arm64 = layout.manifest("linux/arm64");
    HttpResponse<byte[]> manifest =
        http.get(
            "/v2/acme/libfoo/manifests/" + arm64.digest(), MediaTypes.OCI_MANIFEST, authorization);
    assertThat(Sha256.digest(manifest.body())).isEqualTo(arm64.digest());
    assertThat(manifest.headers().firstValue("Docker-Content-Digest")).hasValue(arm64.digest());
  }

  @Test
  void skopeoFailureNamesTheUserButNeverThePassword(@TempDir Path dir) throws Exception {
    RegistryServer server = registry.server();
    Files.writeString(dir.resolve("oci-layout"), "{\"imageLayoutVersion\":\"1.0.0\"}");
    Skopeo.Result result =
        Skopeo.locate()
            .run(
                java.util.List.of(
                    "inspect",
                    "--raw",
                    "--tls-verify=false",
                    "--creds",
                    server.username() + ":not-" + server.password(),
                    "docker://" + server.reference("acme/libfoo:1.2.0")));
    assertThat(result.exitCode()).isNotZero();
    assertThat(result.stderr()).doesNotContain(server.password());

    SkopeoException failure =
        catchThrowableOfType(
            SkopeoException.class,
            () -> Skopeo.locate().copyAll(dir, "missing-tag", server, "acme/other:1"));
    assertThat(failure.getMessage())
        .contains("--dest-creds " + server.username() + ":****")
        .doesNotContain(server.password());
  }
}
