package dev.ocipkg.internal.registry;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ocipkg.internal.config.LoaderConfig;
import dev.ocipkg.internal.http.Request;
import dev.ocipkg.internal.http.Response;
import dev.ocipkg.testing.HostileServer;
import dev.ocipkg.testing.HostileServer.Reply;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The caller reads credentials from its configuration only: a configuration built to ignore the
 * environment ignores {@code ocipkg.credentials} too. The registry is a stand-in on loopback that
 * asks for Basic credentials and records what it got.
 */
class RegistryCallerTest {
  @TempDir Path cache;

  @AfterEach
  void clear() {
    System.clearProperty("ocipkg.credentials");
  }

  private static List<String> authorizationsSeen(LoaderConfig config, HostileServer server)
      throws Exception {
    RegistryCaller caller = new RegistryCaller(config);
    Request get =
        new Request.Builder()
            .url(caller.endpoint(new Repository(server.host(), "a"), "manifests", "1"))
            .build();
    try (Response r = caller.execute(server.host(), List.of(), get)) {
      r.code();
    }
    return server.requestsTo("/v2/").stream()
        .map(request -> request.header("Authorization").orElse("none"))
        .toList();
  }

  private static HostileServer basicRegistry() throws Exception {
    HostileServer server = HostileServer.start();
    server.on(
        "GET",
        "/v2/*",
        request ->
            request.header("Authorization").isPresent()
                ? Reply.status(200)
                : Reply.status(401).header("WWW-Authenticate", "Basic realm=\"r\""));
    return server;
  }

  @Test
  void aConfigurationBuiltToIgnoreTheEnvironmentIgnoresOcipkgCredentials() throws Exception {
    try (HostileServer server = basicRegistry()) {
      System.setProperty("ocipkg.credentials", server.host() + "=alice:from-the-property");

      List<String> seen =
          authorizationsSeen(LoaderConfig.builder().cacheDir(cache).build(), server);

      assertThat(seen).containsExactly("none");
    }
  }

  @Test
  void aConfigurationFromTheEnvironmentSendsThem() throws Exception {
    try (HostileServer server = basicRegistry()) {
      System.setProperty("ocipkg.credentials", server.host() + "=alice:from-the-property");

      List<String> seen =
          authorizationsSeen(LoaderConfig.fromEnvironment().cacheDir(cache).build(), server);

      assertThat(seen).hasSize(2);
      assertThat(seen.get(1)).startsWith("Basic ");
    }
  }
}
