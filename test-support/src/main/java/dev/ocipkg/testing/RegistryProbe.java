package dev.ocipkg.testing;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.jspecify.annotations.Nullable;

/**
 * The harness's own requests to its registry: the readiness check and the access-log sync marker.
 * They carry a {@code User-Agent} starting with {@link AccessLog#HARNESS_USER_AGENT_PREFIX} so the
 * access log can leave them out.
 */
final class RegistryProbe {
  private final HttpClient client;
  private final String scheme;

  RegistryProbe(@Nullable TestCertificateAuthority ca) {
    HttpClient.Builder builder =
        HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(2))
            .followRedirects(HttpClient.Redirect.NEVER);
    if (ca != null) {
      builder.sslContext(ca.sslContext());
    }
    this.client = builder.build();
    this.scheme = ca == null ? "http" : "https";
  }

  /** The status of {@code GET /v2/}, or -1 when the registry cannot be reached. */
  int baseStatus(int port, String userAgentSuffix) throws InterruptedException {
    HttpRequest request =
        HttpRequest.newBuilder(URI.create(scheme + "://127.0.0.1:" + port + "/v2/"))
            .timeout(Duration.ofSeconds(5))
            .header("User-Agent", AccessLog.HARNESS_USER_AGENT_PREFIX + userAgentSuffix)
            .GET()
            .build();
    try {
      return client.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
    } catch (IOException e) {
      return -1;
    }
  }
}
