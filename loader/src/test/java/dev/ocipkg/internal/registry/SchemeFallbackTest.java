package dev.ocipkg.internal.registry;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ocipkg.internal.config.LoaderConfig;
import dev.ocipkg.internal.http.Request;
import dev.ocipkg.internal.http.Response;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import javax.net.ssl.SSLException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A host that does not answer TLS is asked again over plain http, and credentials go over plain
 * http only to loopback: an Authorization the request already carried (a cached token or Basic
 * credentials, added above this step) must not follow it to an insecure host elsewhere, where
 * anyone on the path would read it. A non-handshake SSLException is what a man in the middle can
 * produce on demand (bytes that are not TLS), so the step is tested with exactly that.
 */
class SchemeFallbackTest {
  @TempDir Path cache;
  private final ScriptedStep next = new ScriptedStep();

  private Response fallBack(String host, LoaderConfig config) throws IOException {
    next.thenThrow(new SSLException("Unsupported or unrecognized SSL message")).then(200);
    Request https =
        new Request.Builder()
            .url("https://" + host + "/v2/acme/x/manifests/1.0")
            .get()
            .header("Authorization", "Bearer t0ken")
            .build();
    return new SchemeFallback(new SchemeMemory(config), next).proceed(host, List.of(), https);
  }

  @Test
  void anInsecureHostElsewhereGetsThePlainHttpRequestWithoutItsAuthorization() throws IOException {
    String host = "registry.example:5000";
    LoaderConfig config = LoaderConfig.builder().cacheDir(cache).insecure(host).build();

    try (Response r = fallBack(host, config)) {
      assertThat(r.code()).isEqualTo(200);
    }

    assertThat(next.seen).hasSize(2);
    assertThat(next.seen.get(1).url().isHttps()).isFalse();
    assertThat(next.seen.get(1).header("Authorization")).isNull();
  }

  @Test
  void aLoopbackHostKeepsItsAuthorizationOverPlainHttp() throws IOException {
    String host = "127.0.0.1:5000";
    LoaderConfig config = LoaderConfig.builder().cacheDir(cache).build();

    try (Response r = fallBack(host, config)) {
      assertThat(r.code()).isEqualTo(200);
    }

    assertThat(next.seen.get(1).url().isHttps()).isFalse();
    assertThat(next.seen.get(1).header("Authorization")).isEqualTo("Bearer t0ken");
  }
}
