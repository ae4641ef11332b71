package dev.ocipkg.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** {@link FaultProxy} between the JDK's HttpClient and the real registry. */
class FaultProxyTest {
  @RegisterExtension static RegistryExtension registry = RegistryExtension.anonymous();

  private static final String REPOSITORY = "acme/faults";
  private static final String BLOBS = ".+/blobs/sha256:.+";

  static byte[] blob;
  static String digest;
  static String blobPath;

  @BeforeAll
  static void uploadBlob() throws Exception {
    blob = new byte[300 * 1024];
    new Random(7).nextBytes(blob);
    digest = Sha256.digest(blob);
    blobPath = "/v2/" + REPOSITORY + "/blobs/" + digest;
    HttpClient client = client(HttpClient.Redirect.NEVER);
    URI location = startUpload(client, registry.server().baseUri());
    HttpResponse<String> put =
        client.send(
            HttpRequest.newBuilder(withDigest(location, digest))
                .PUT(HttpRequest.BodyPublishers.ofByteArray(blob))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(put.statusCode()).as(put.body()).isEqualTo(201);
  }

  @Test
  void passesRequestsThroughOnOneKeptAliveConnection() throws Exception {
    // A hand-written connection: HttpClient returns connections to its pool asynchronously, so
    // whether it reuses one is a race; here the proxy alone decides whether the socket stays open.
    try (FaultProxy proxy = FaultProxy.inFrontOf(registry.server());
        RawConnection raw = new RawConnection(proxy)) {
      HttpHead head = raw.exchange(get(blobPath).replaceFirst("GET", "HEAD"));
      HttpHead first = raw.exchange(get(blobPath));
      byte[] firstBody = raw.lastBody();
      HttpHead second = raw.exchange(get(blobPath));

      assertThat(head.status()).isEqualTo(200);
      assertThat(head.contentLength()).isEqualTo(blob.length);
      assertThat(first.status()).isEqualTo(200);
      assertThat(firstBody).isEqualTo(blob);
      assertThat(raw.lastBody()).isEqualTo(blob);
      assertThat(second.first("Docker-Content-Digest")).isEqualTo(digest);
      List<RecordedRequest> requests = proxy.requests();
      assertThat(requests)
          .extracting(RecordedRequest::method)
          .containsExactly("HEAD", "GET", "GET");
      assertThat(requests).extracting(RecordedRequest::path).containsOnly(blobPath);
      assertThat(requests).extracting(RecordedRequest::fault).containsOnlyNulls();
      assertThat(requests)
          .extracting(RecordedRequest::connection)
          .as("the proxy kept the one client connection alive")
          .containsExactly(1, 1, 1);
      assertThat(requests.get(1).header("user-agent")).hasValue("fault-proxy-test");
      assertThat(proxy.bytesDown()).isGreaterThan(2L * blob.length);
    }
  }

  @Test
  void cutAfterTruncatesOneBodyAndARangeRequestResumesIt() throws Exception {
    try (FaultProxy proxy = FaultProxy.inFrontOf(registry.server())) {
      proxy.rule(Fault.cutAfter(1000).on("GET", BLOBS));
      HttpClient client = client(HttpClient.Redirect.NEVER);

      ByteArrayOutputStream received = new ByteArrayOutputStream();
      HttpResponse<InputStream> cut =
          client.send(request(proxy, blobPath).build(), HttpResponse.BodyHandlers.ofInputStream());
      assertThat(cut.statusCode()).isEqualTo(200);
      assertThatThrownBy(() -> copy(cut.body(), received)).isInstanceOf(IOException.class);
      assertThat(received.size()).isEqualTo(1000);

      HttpResponse<byte[]> rest =
          send(client, request(proxy, blobPath).header("Range", "bytes=" + received.size() + "-"));
      assertThat(rest.statusCode()).isEqualTo(206);
      assertThat(rest.headers().firstValue("Content-Range"))
          .hasValue("bytes 1000-" + (blob.length - 1) + "/" + blob.length);
      received.write(rest.body());
      assertThat(Sha256.digest(received.toByteArray())).isEqualTo(digest);

      List<RecordedRequest> requests = proxy.requests();
      assertThat(requests).hasSize(2);
      assertThat(requests.get(0).fault())
          .hasToString("cutAfter(1000) on GET " + BLOBS + " times 1");
      assertThat(requests.get(0).header("Range")).isEmpty();
      assertThat(requests.get(1).header("range")).hasValue("bytes=1000-");
      assertThat(requests.get(1).fault()).isNull();
      assertThat(requests.get(1).connection())
          .as("a cut closes the connection")
          .isNotEqualTo(requests.get(0).connection());
      assertThat(proxy.pendingRules()).isZero();
    }
  }

  @Test
  void aRangeRequestIsRecordedAndTheRegistryAnswers206() throws Exception {
    try (FaultProxy proxy = FaultProxy.inFrontOf(registry.server())) {
      HttpResponse<byte[]> part =
          send(
              client(HttpClient.Redirect.NEVER),
              request(proxy, blobPath).header("Range", "bytes=100-199"));

      assertThat(part.statusCode()).isEqualTo(206);
      assertThat(part.body()).isEqualTo(Arrays.copyOfRange(blob, 100, 200));
      assertThat(proxy.requests("GET", BLOBS))
          .singleElement()
          .satisfies(r -> assertThat(r.header("Range")).hasValue("bytes=100-199"));
    }
  }

  @Test
  void tooManyRequestsTwiceThenPassesOnTheSameConnection() throws Exception {
    try (FaultProxy proxy = FaultProxy.inFrontOf(registry.server());
        RawConnection raw = new RawConnection(proxy)) {
      proxy.rule(Fault.tooManyRequests(Duration.ofMillis(2500)).on("GET", BLOBS).times(2));

      for (int i = 0; i < 2; i++) {
        HttpHead limited = raw.exchange(get(blobPath));
        assertThat(limited.status()).isEqualTo(429);
        assertThat(limited.first("Retry-After")).isEqualTo("3");
        assertThat(limited.first("Content-Type")).startsWith("application/json");
        assertThat(new String(raw.lastBody(), StandardCharsets.UTF_8))
            .startsWith("{\"errors\":[{\"code\":\"TOOMANYREQUESTS\"");
      }
      HttpHead passed = raw.exchange(get(blobPath));

      assertThat(passed.status()).isEqualTo(200);
      assertThat(raw.lastBody()).isEqualTo(blob);
      List<RecordedRequest> requests = proxy.requests();
      assertThat(requests).extracting(RecordedRequest::connection).containsExactly(1, 1, 1);
      assertThat(requests.get(2).fault()).isNull();
    }
  }

  @Test
  void retryAfterCanBeAnHttpDate() throws Exception {
    try (FaultProxy proxy = FaultProxy.inFrontOf(registry.server())) {
      proxy.rule(Fault.status(429).retryAfter(Instant.parse("2026-10-21T07:28:00Z")));

      HttpResponse<byte[]> limited =
          send(client(HttpClient.Redirect.NEVER), request(proxy, "/v2/"));

      assertThat(limited.statusCode()).isEqualTo(429);
      assertThat(limited.headers().firstValue("Retry-After"))
          .hasValue("Wed, 21 Oct 2026 07:28:00 GMT");
      assertThat(limited.body()).isEmpty();
    }
  }

  @Test
  void serviceUnavailableFiveTimesInARowForGetOnly() throws Exception {
    try (FaultProxy proxy = FaultProxy.inFrontOf(registry.server())) {
      proxy.rule(
          Fault.status(503).ociError("UNAVAILABLE", "maintenance").on("GET", BLOBS).times(5));
      HttpClient client = client(HttpClient.Redirect.NEVER);

      assertThat(
              send(
                      client,
                      request(proxy, blobPath).method("HEAD", HttpRequest.BodyPublishers.noBody()))
                  .statusCode())
          .as("HEAD is not matched")
          .isEqualTo(200);
      for (int i = 0; i < 5; i++) {
        HttpResponse<byte[]> unavailable = send(client, request(proxy, blobPath));
        assertThat(unavailable.statusCode()).isEqualTo(503);
        assertThat(new String(unavailable.body(), StandardCharsets.UTF_8))
            .isEqualTo(
                "{\"errors\":[{\"code\":\"UNAVAILABLE\",\"message\":\"maintenance\",\"detail\":null}]}");
      }
      assertThat(send(client, request(proxy, blobPath)).statusCode()).isEqualTo(200);
      assertThat(proxy.requests())
          .extracting(r -> r.fault() != null)
          .containsExactly(false, true, true, true, true, true, false);
    }
  }

  @Test
  void stallTimesTheClientOutAndTheProxyStaysUsable() throws Exception {
    try (FaultProxy proxy = FaultProxy.inFrontOf(registry.server())) {
      proxy.rule(Fault.stall().on("GET", BLOBS));
      HttpClient client = client(HttpClient.Redirect.NEVER);

      long start = System.nanoTime();
      assertThatThrownBy(
              () -> send(client, request(proxy, blobPath).timeout(Duration.ofSeconds(1))))
          .isInstanceOf(HttpTimeoutException.class);
      assertThat(Duration.ofNanos(System.nanoTime() - start))
          .isGreaterThanOrEqualTo(Duration.ofSeconds(1));

      HttpResponse<byte[]> after = send(client, request(proxy, blobPath));
      assertThat(after.statusCode()).isEqualTo(200);
      assertThat(after.body()).isEqualTo(blob);
      assertThat(proxy.requests()).hasSize(2);
    }
  }

  @Test
  void aTimedStallDelaysTheAnswer() throws Exception {
    try (FaultProxy proxy = FaultProxy.inFrontOf(registry.server())) {
      proxy.rule(Fault.stall(Duration.ofMillis(600)).on("GET", BLOBS));

      long start = System.nanoTime();
      HttpResponse<byte[]> slow = send(client(HttpClient.Redirect.NEVER), request(proxy, blobPath));

      assertThat(Duration.ofNanos(System.nanoTime() - start))
          .isGreaterThanOrEqualTo(Duration.ofMillis(600));
      assertThat(slow.body()).isEqualTo(blob);
    }
  }

  @Test
  void flipByteBreaksTheDigestAndNothingElse() throws Exception {
    try (FaultProxy proxy = FaultProxy.inFrontOf(registry.server())) {
      proxy.rule(Fault.flipByte(20_000).on("GET", BLOBS));

      HttpResponse<byte[]> corrupt =
          send(client(HttpClient.Redirect.NEVER), request(proxy, blobPath));

      assertThat(corrupt.statusCode()).isEqualTo(200);
      assertThat(corrupt.headers().firstValue("Docker-Content-Digest")).hasValue(digest);
      assertThat(corrupt.body()).hasSize(blob.length);
      assertThat(Sha256.digest(corrupt.body())).isNotEqualTo(digest);
      byte[] repaired = corrupt.body().clone();
      repaired[20_000] = (byte) ~repaired[20_000];
      assertThat(repaired).isEqualTo(blob);
    }
  }

  @Test
  void skipLetsTheFirstMatchesPass() throws Exception {
    try (FaultProxy proxy = FaultProxy.inFrontOf(registry.server())) {
      proxy.rule(Fault.flipByte(0).on("GET", BLOBS).skip(1));
      HttpClient client = client(HttpClient.Redirect.NEVER);

      byte[] first = send(client, request(proxy, blobPath)).body();
      byte[] second = send(client, request(proxy, blobPath)).body();
      byte[] third = send(client, request(proxy, blobPath)).body();

      assertThat(first).isEqualTo(blob);
      assertThat(second).isNotEqualTo(blob);
      assertThat(third).isEqualTo(blob);
    }
  }

  @Test
  void disconnectClosesWithoutAnAnswer() throws Exception {
    try (FaultProxy proxy = FaultProxy.inFrontOf(registry.server())) {
      // always(): HttpClient retries a GET once on a new connection when the first closes early.
      proxy.rule(Fault.disconnect().on("GET", BLOBS).always());
      HttpClient client = client(HttpClient.Redirect.NEVER);

      assertThatThrownBy(() -> send(client, request(proxy, blobPath)))
          .isInstanceOf(IOException.class);
      assertThat(proxy.requests()).isNotEmpty().allSatisfy(r -> assertThat(r.fault()).isNotNull());

      proxy.reset();
      assertThat(send(client, request(proxy, blobPath)).body()).isEqualTo(blob);
    }
  }

  @Test
  void redirectSendsTheClientToAnotherHostThatRecordsWhatArrived() throws Exception {
    try (FaultProxy origin = FaultProxy.inFrontOf(registry.server());
        FaultProxy cdn = FaultProxy.inFrontOf(registry.server())) {
      origin.rule(Fault.redirectTo(cdn.baseUri()).on("GET", BLOBS).always());

      HttpResponse<byte[]> redirect =
          send(
              client(HttpClient.Redirect.NEVER),
              request(origin, blobPath).header("Authorization", "Bearer origin-secret"));
      assertThat(redirect.statusCode()).isEqualTo(307);
      URI location = URI.create(redirect.headers().firstValue("Location").orElseThrow());
      assertThat(location).isEqualTo(cdn.baseUri().resolve(blobPath));
      assertThat(origin.requests().get(0).header("Authorization")).hasValue("Bearer origin-secret");

      // A careful client follows without the credentials; the CDN side shows what it got.
      HttpResponse<byte[]> followed =
          send(client(HttpClient.Redirect.NEVER), HttpRequest.newBuilder(location));
      assertThat(followed.body()).isEqualTo(blob);
      assertThat(cdn.requests())
          .singleElement()
          .satisfies(
              r -> {
                assertThat(r.path()).isEqualTo(blobPath);
                assertThat(r.header("Authorization")).isEmpty();
                assertThat(r.headers().map()).containsKey("Host");
              });

      // The JDK client following on its own reaches the CDN too.
      HttpResponse<byte[]> automatic =
          send(client(HttpClient.Redirect.NORMAL), request(origin, blobPath));
      assertThat(automatic.body()).isEqualTo(blob);
      assertThat(cdn.requests("GET", BLOBS)).hasSize(2);
      assertThat(origin.requests()).extracting(RecordedRequest::fault).doesNotContainNull();
    }
  }

  @Test
  void uploadsGoThroughTheProxyWithTheirLocationsOnTheProxy() throws Exception {
    byte[] content =
        "uploaded through the fault proxy\n".repeat(5000).getBytes(StandardCharsets.UTF_8);
    String contentDigest = Sha256.digest(content);
    try (FaultProxy proxy = FaultProxy.inFrontOf(registry.server())) {
      HttpClient client = client(HttpClient.Redirect.NEVER);

      URI session = startUpload(client, proxy.baseUri());
      assertThat(session.getAuthority()).isEqualTo(proxy.host());
      HttpResponse<String> patch =
          client.send(
              HttpRequest.newBuilder(session)
                  .header("Content-Type", "application/octet-stream")
                  .method(
                      "PATCH",
                      HttpRequest.BodyPublishers.ofInputStream(
                          () -> new ByteArrayInputStream(content)))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      assertThat(patch.statusCode()).as(patch.body()).isEqualTo(202);
      URI next = URI.create(patch.headers().firstValue("Location").orElseThrow());
      assertThat(next.getAuthority()).isEqualTo(proxy.host());
      HttpResponse<String> put =
          client.send(
              HttpRequest.newBuilder(withDigest(next, contentDigest))
                  .PUT(HttpRequest.BodyPublishers.noBody())
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      assertThat(put.statusCode()).as(put.body()).isEqualTo(201);

      HttpResponse<byte[]> direct =
          send(
              client,
              HttpRequest.newBuilder(
                  registry
                      .server()
                      .baseUri()
                      .resolve("/v2/" + REPOSITORY + "/blobs/" + contentDigest)));
      assertThat(direct.body()).isEqualTo(content);
      List<RecordedRequest> requests = proxy.requests();
      assertThat(requests)
          .extracting(RecordedRequest::method)
          .containsExactly("POST", "PATCH", "PUT");
      assertThat(requests.get(1).header("Transfer-Encoding")).hasValue("chunked");
      assertThat(requests.get(2).target()).contains("digest=" + contentDigest);
    }
  }

  @Test
  void aMonolithicUploadWithExpectContinuePasses() throws Exception {
    byte[] content = "monolithic, after 100 Continue".getBytes(StandardCharsets.UTF_8);
    try (FaultProxy proxy = FaultProxy.inFrontOf(registry.server())) {
      HttpClient client = client(HttpClient.Redirect.NEVER);
      URI session = startUpload(client, proxy.baseUri());

      HttpResponse<String> put =
          client.send(
              HttpRequest.newBuilder(withDigest(session, Sha256.digest(content)))
                  .expectContinue(true)
                  .PUT(HttpRequest.BodyPublishers.ofByteArray(content))
                  .build(),
              HttpResponse.BodyHandlers.ofString());

      assertThat(put.statusCode()).as(put.body()).isEqualTo(201);
      assertThat(put.headers().firstValue("Location").orElseThrow())
          .startsWith(proxy.baseUri().toString());
      assertThat(proxy.requests().get(1).header("Expect"))
          .hasValueSatisfying(expect -> assertThat(expect).isEqualToIgnoringCase("100-continue"));
    }
  }

  @Test
  void aStatusFaultOnAnUploadDropsItsBodyAndKeepsTheConnection() throws Exception {
    try (FaultProxy proxy = FaultProxy.inFrontOf(registry.server());
        RawConnection raw = new RawConnection(proxy)) {
      proxy.rule(Fault.status(500).on("PATCH", ".+/blobs/uploads/.+"));
      URI session = startUpload(client(HttpClient.Redirect.NEVER), proxy.baseUri());
      String patch =
          "PATCH "
              + session.getRawPath()
              + (session.getRawQuery() == null ? "" : "?" + session.getRawQuery())
              + " HTTP/1.1\r\nHost: "
              + proxy.host()
              + "\r\nContent-Type: application/octet-stream\r\nContent-Length: 100000\r\n\r\n"
              + "\0".repeat(100_000);

      HttpHead failed = raw.exchange(patch);
      HttpHead retried = raw.exchange(patch);

      assertThat(failed.status()).isEqualTo(500);
      assertThat(retried.status())
          .as(new String(raw.lastBody(), StandardCharsets.UTF_8))
          .isEqualTo(202);
      List<RecordedRequest> requests = proxy.requests();
      assertThat(requests)
          .extracting(RecordedRequest::method)
          .containsExactly("POST", "PATCH", "PATCH");
      assertThat(requests.get(1).connection()).isEqualTo(requests.get(2).connection());
    }
  }

  @Test
  void rewritesLocationsThatPointAtTheRegistryUnlessSwitchedOff() throws Exception {
    try (FaultProxy proxy = FaultProxy.inFrontOf(registry.server())) {
      String request =
          "POST /v2/"
              + REPOSITORY
              + "/blobs/uploads/ HTTP/1.1\r\n"
              + "Host: "
              + registry.server().host()
              + "\r\n"
              + "Content-Length: 0\r\n\r\n";
      try (RawConnection raw = new RawConnection(proxy)) {
        HttpHead rewritten = raw.exchange(request);
        assertThat(rewritten.first("Location")).startsWith("http://" + proxy.host() + "/v2/");

        proxy.rewriteLocations(false);
        HttpHead kept = raw.exchange(request);
        assertThat(kept.first("Location"))
            .startsWith("http://" + registry.server().host() + "/v2/");
      }
      assertThat(proxy.requests()).extracting(RecordedRequest::connection).containsExactly(1, 1);
    }
  }

  @Test
  void throttleSlowsTheBodyDown() throws Exception {
    try (FaultProxy proxy = FaultProxy.inFrontOf(registry.server()).throttle(1 << 20)) {
      long start = System.nanoTime();
      HttpResponse<byte[]> slow = send(client(HttpClient.Redirect.NEVER), request(proxy, blobPath));

      assertThat(slow.body()).isEqualTo(blob);
      // 300 KiB at 1 MiB/s: about 290 ms
      assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThan(Duration.ofMillis(250));
    }
  }

  @Test
  void resetDropsRulesRecordsAndThrottle() throws Exception {
    try (FaultProxy proxy = FaultProxy.inFrontOf(registry.server())) {
      proxy.rule(Fault.status(500).always());
      HttpClient client = client(HttpClient.Redirect.NEVER);
      assertThat(send(client, request(proxy, "/v2/")).statusCode()).isEqualTo(500);
      proxy.throttle(1);

      proxy.reset();

      assertThat(proxy.requests()).isEmpty();
      assertThat(proxy.pendingRules()).isZero();
      assertThat(proxy.bytesDown()).isZero();
      assertThat(send(client, request(proxy, blobPath)).body()).isEqualTo(blob);
    }
  }

  @Test
  void anUnreachableUpstreamAnswers502() throws Exception {
    InetSocketAddress nobody =
        new InetSocketAddress(InetAddress.getLoopbackAddress(), FreePorts.pick());
    try (FaultProxy proxy = FaultProxy.inFrontOf(nobody)) {
      HttpResponse<byte[]> answer = send(client(HttpClient.Redirect.NEVER), request(proxy, "/v2/"));

      assertThat(answer.statusCode()).isEqualTo(502);
      assertThat(new String(answer.body(), StandardCharsets.UTF_8)).contains("cannot reach");
    }
  }

  @Test
  void faultsCheckTheirArguments() {
    assertThatThrownBy(() -> Fault.status(101))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("101");
    assertThatThrownBy(() -> Fault.cutAfter(-1)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> Fault.disconnect().times(0))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> Fault.flipByte(0).header("A", "b"))
        .isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(() -> Fault.stall().on("GET", "("))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("\"(\"");
    assertThatThrownBy(() -> Fault.redirectTo(URI.create("/relative")))
        .isInstanceOf(IllegalArgumentException.class);
    assertThat(Fault.status(503).on("*", "/v2/").skip(2).always())
        .hasToString("status(503) on * /v2/ skip 2 always");
  }

  /** A GET of {@code path} as a hand-written HTTP/1.1 request that keeps its connection. */
  private static String get(String path) {
    return "GET "
        + path
        + " HTTP/1.1\r\nHost: "
        + registry.server().host()
        + "\r\nUser-Agent: fault-proxy-test\r\n\r\n";
  }

  private static HttpClient client(HttpClient.Redirect redirects) {
    return HttpClient.newBuilder()
        .version(HttpClient.Version.HTTP_1_1)
        .connectTimeout(Duration.ofSeconds(5))
        .followRedirects(redirects)
        .build();
  }

  private static HttpRequest.Builder request(FaultProxy proxy, String path) {
    return HttpRequest.newBuilder(proxy.baseUri().resolve(path)).timeout(Duration.ofSeconds(20));
  }

  private static HttpResponse<byte[]> send(HttpClient client, HttpRequest.Builder request)
      throws IOException, InterruptedException {
    return client.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
  }

  /** {@code POST /v2/<name>/blobs/uploads/}: the upload session's URL. */
  private static URI startUpload(HttpClient client, URI base) throws Exception {
    HttpResponse<String> post =
        client.send(
            HttpRequest.newBuilder(base.resolve("/v2/" + REPOSITORY + "/blobs/uploads/"))
                .POST(HttpRequest.BodyPublishers.noBody())
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(post.statusCode()).as(post.body()).isEqualTo(202);
    return base.resolve(post.headers().firstValue("Location").orElseThrow());
  }

  private static URI withDigest(URI session, String digest) {
    String text = session.toString();
    return URI.create(text + (text.contains("?") ? "&" : "?") + "digest=" + digest);
  }

  private static void copy(InputStream in, ByteArrayOutputStream out) throws IOException {
    try (in) {
      byte[] buffer = new byte[4096];
      for (int n; (n = in.read(buffer)) >= 0; ) {
        out.write(buffer, 0, n);
      }
    }
  }
}
