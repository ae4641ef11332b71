package dev.ocipkg.internal.registry;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ocipkg.internal.config.LoaderConfig;
import dev.ocipkg.internal.io.TimeSource;
import dev.ocipkg.testing.FaultProxy;
import dev.ocipkg.testing.RecordedRequest;
import dev.ocipkg.testing.RegistryExtension;
import dev.ocipkg.tools.registry.RegistryClient;
import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The scheme of a loopback registry is probed once (a TLS handshake that costs a fresh JVM about
 * 300 ms) and remembered in the cache; a remembered scheme that turns out wrong (the port now
 * serves the other kind of registry) is probed again, not trusted, against the real registry in
 * both kinds.
 */
class SchemeMemoryIT {
  @RegisterExtension static final RegistryExtension plain = RegistryExtension.anonymous();
  @RegisterExtension static final RegistryExtension tls = RegistryExtension.tls();

  @TempDir Path cache;

  @Test
  void aSecondCallerWithTheSameCacheDoesNotProbe() throws IOException {
    try (FaultProxy proxy = FaultProxy.inFrontOf(plain.server())) {
      client(null).checkLogin(proxy.host());
      // The probe's TLS hello took a connection of its own that carried no HTTP request.
      assertThat(proxy.requests()).extracting(RecordedRequest::connection).containsExactly(2);
      assertThat(new SchemeRecords(cache, TimeSource.system()).remembered(proxy.host()))
          .isEqualTo("http");

      client(null).checkLogin(proxy.host());

      assertThat(proxy.requests())
          .extracting(RecordedRequest::connection)
          .as("straight to http: no connection for a probe")
          .containsExactly(2, 3);
    }
  }

  @Test
  void aRememberedHttpThatNowSpeaksTlsIsProbedAgain() throws IOException {
    new SchemeRecords(cache, TimeSource.system()).remember(tls.host(), "http");

    client(tls.server().caCertificateFile()).checkLogin(tls.host());

    assertThat(new SchemeRecords(cache, TimeSource.system()).remembered(tls.host()))
        .isEqualTo("https");
  }

  @Test
  void aRememberedHttpsThatNowSpeaksPlainHttpFallsBack() throws IOException {
    new SchemeRecords(cache, TimeSource.system()).remember(plain.host(), "https");

    client(null).checkLogin(plain.host());

    assertThat(new SchemeRecords(cache, TimeSource.system()).remembered(plain.host()))
        .isEqualTo("http");
  }

  private RegistryClient client(Path caFile) throws IOException {
    LoaderConfig.Builder config = LoaderConfig.builder().cacheDir(cache).maxAttempts(1);
    if (caFile != null) {
      config.caCertificates(caFile);
    }
    return new RegistryClient(config.build());
  }
}
