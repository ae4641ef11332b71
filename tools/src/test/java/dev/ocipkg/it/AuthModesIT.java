package dev.ocipkg.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ocipkg.NativeLoadException;
import dev.ocipkg.NativeLoader;
import dev.ocipkg.NativePackage;
import dev.ocipkg.internal.config.LoaderConfig;
import dev.ocipkg.internal.registry.Repository;
import dev.ocipkg.testing.RegistryServer;
import dev.ocipkg.testing.TokenRequest;
import dev.ocipkg.testing.WrittenLayout;
import dev.ocipkg.tools.registry.RegistryClient;
import dev.ocipkg.tools.transfer.LayoutPusher;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Push with our client and pull with the loader, in every mode of the real registry. */
@Tag("java17")
class AuthModesIT {
  @TempDir Path work;

  @Test
  void basicAuth() throws Exception {
    try (RegistryServer registry = RegistryServer.builder().basicAuth().start()) {
      pushAndLoad(
          registry,
          LoaderConfig.builder()
              .credentials(registry.host(), registry.username(), registry.password()),
          NativeLoader.builder()
              .credentials(registry.host(), registry.username(), registry.password()));
    }
  }

  @Test
  void tlsWithTheTestCa() throws Exception {
    try (RegistryServer registry = RegistryServer.builder().tls().start()) {
      Path ca = registry.caCertificateFile();
      pushAndLoad(
          registry,
          LoaderConfig.builder().caCertificates(ca),
          NativeLoader.builder().caCertificates(ca));
    }
  }

  @Test
  void tlsWithoutTheCaIsAClearTlsError() throws Exception {
    try (RegistryServer registry = RegistryServer.builder().tls().start()) {
      NativeLoader loader = NativeLoader.builder().cacheDir(work.resolve("cache")).build();
      assertThatThrownBy(() -> loader.open(registry.reference("acme/none:1")))
          .isInstanceOf(NativeLoadException.class)
          .hasMessageContaining("TLS with " + registry.host())
          .satisfies(e -> assertThat(((NativeLoadException) e).hint()).contains("ocipkg.ca.file"));
    }
  }

  @Test
  void bearerTokensAreRefreshedWhenTheyExpire() throws Exception {
    Duration lifetime = Duration.ofSeconds(2);
    try (RegistryServer registry =
        RegistryServer.builder().tokenAuth().tokenLifetime(lifetime).start()) {
      String user = registry.username();
      String password = registry.password();
      NativeLoader.Builder loader =
          NativeLoader.builder().credentials(registry.host(), user, password).tagTtl(Duration.ZERO);
      pushAndLoad(
          registry, LoaderConfig.builder().credentials(registry.host(), user, password), loader);
      int before = registry.tokenService().requests().size();

      Thread.sleep(lifetime.toMillis() + 1500); // the cached token has expired now
      Instant afterExpiry = Instant.now();
      NativePackage again =
          loader
              .cacheDir(work.resolve("cache-2"))
              .build()
              .open(registry.reference("acme/demo:" + DemoArtifact.TAG));

      assertThat(again.jna(Demo.class, "ocipkg_demo").demo_add(1, 2)).isEqualTo(3);
      List<TokenRequest> requests = registry.tokenService().requests();
      assertThat(requests.size()).isGreaterThan(before);
      assertThat(requests.subList(before, requests.size()))
          .allSatisfy(r -> assertThat(r.time()).isAfterOrEqualTo(afterExpiry.minusMillis(50)))
          .allSatisfy(r -> assertThat(r.user()).contains(user))
          .allSatisfy(r -> assertThat(r.status()).isEqualTo(200));
    }
  }

  @Test
  void anonymousTokensForPublicPulls() throws Exception {
    try (RegistryServer registry = RegistryServer.builder().tokenAuth().start()) {
      push(
          registry,
          LoaderConfig.builder()
              .credentials(registry.host(), registry.username(), registry.password()));

      NativePackage pkg =
          NativeLoader.builder()
              .cacheDir(work.resolve("anonymous"))
              .build()
              .open(registry.reference("acme/demo:" + DemoArtifact.TAG));
      assertThat(pkg.jna(Demo.class, "ocipkg_demo").demo_add(2, 2)).isEqualTo(4);
      assertThat(registry.tokenService().requests())
          .anySatisfy(r -> assertThat(r.anonymous()).isTrue());
    }
  }

  @Test
  void aWrongPasswordIsOneClear401NotALoop() throws Exception {
    try (RegistryServer registry =
        RegistryServer.builder().tokenAuth().anonymousPull(false).start()) {
      NativeLoader loader =
          NativeLoader.builder()
              .cacheDir(work.resolve("cache"))
              .credentials(registry.host(), registry.username(), "wrong-password-1234")
              .build();
      registry.tokenService().clearRequests();

      assertThatThrownBy(() -> loader.open(registry.reference("acme/demo:1")))
          .isInstanceOf(NativeLoadException.class)
          .hasMessageContaining(registry.host())
          .hasMessageContaining("the ocipkg configuration")
          .hasMessageNotContaining("wrong-password-1234")
          .satisfies(e -> assertThat(((NativeLoadException) e).httpStatus()).isEqualTo(401));
      assertThat(registry.tokenService().requests()).hasSize(1);
    }
  }

  @Test
  void basicAuthWrongPasswordNamesWhereTheCredentialsCameFrom() throws Exception {
    try (RegistryServer registry = RegistryServer.builder().basicAuth().start()) {
      NativeLoader loader =
          NativeLoader.builder()
              .cacheDir(work.resolve("cache"))
              .credentials(registry.host(), registry.username(), "wrong-password-5678")
              .build();
      registry.accessLog().clear();
      assertThatThrownBy(() -> loader.open(registry.reference("acme/demo:1")))
          .isInstanceOf(NativeLoadException.class)
          .hasMessageContaining("HTTP 401")
          .hasMessageContaining("from the ocipkg configuration")
          .hasMessageNotContaining("wrong-password-5678");
      assertThat(registry.accessLog().count("GET", ".*/manifests/1")).isEqualTo(2);
    }
  }

  private void pushAndLoad(
      RegistryServer registry, LoaderConfig.Builder pushConfig, NativeLoader.Builder loader)
      throws Exception {
    WrittenLayout layout = push(registry, pushConfig);
    NativePackage pkg =
        loader
            .cacheDir(work.resolve("cache"))
            .build()
            .open(registry.reference("acme/demo:" + DemoArtifact.TAG));
    assertThat(pkg.jna(Demo.class, "ocipkg_demo").demo_add(2, 3)).isEqualTo(5);
    assertThat(pkg.digest().toString()).isEqualTo(layout.manifest("linux/amd64").digest());
  }

  /** Pushes the demo artifact with our own client, as {@code acme/demo:1.0}. */
  private WrittenLayout push(RegistryServer registry, LoaderConfig.Builder pushConfig)
      throws Exception {
    WrittenLayout layout = DemoArtifact.writeLayout(work);
    new LayoutPusher(new RegistryClient(pushConfig.build()), 0)
        .push(
            layout.directory(),
            DemoArtifact.TAG,
            new Repository(registry.host(), "acme/demo"),
            List.of(DemoArtifact.TAG),
            null);
    return layout;
  }
}
