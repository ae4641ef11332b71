package dev.ocipkg.internal.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import dev.ocipkg.testing.HostileServer;
import dev.ocipkg.testing.HostileServer.Reply;
import dev.ocipkg.testing.RecordedRequest;
import dev.ocipkg.testing.TestCertificateAuthority;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.net.CookieHandler;
import java.net.CookieManager;
import java.net.CookiePolicy;
import java.net.InetAddress;
import java.net.ProtocolException;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The HTTP/1.1 exchanges against servers that break the rules on purpose: chunked bodies, endless
 * trailers and interim answers, oversized heads, stalls, servers that stop reading or close an idle
 * connection. Protocol edges a real registry does not produce, so the servers are test-support's
 * {@link HostileServer} on loopback, or a {@link RawServer} of a few lines where even that one
 * would be too polite.
 */
class HttpExchangesTest {
  private final HttpExchanges http =
      new HttpExchanges(Duration.ofSeconds(5), Duration.ofSeconds(1), null);
  private HostileServer server;

  @BeforeEach
  void start() throws Exception {
    server = HostileServer.start();
  }

  @AfterEach
  void stop() throws Exception {
    server.close();
  }

  private Request get(String path) {
    return new Request.Builder().url("http://" + server.host() + path).get().build();
  }

  /**
   * {@code call} fails in time, refused as a server that broke a bound is, with {@code message}.
   */
  private static void assertRefusedInTime(ThrowingCallable call, String message) {
    assertTimeoutPreemptively(
        Duration.ofSeconds(20),
        () -> assertThatThrownBy(call).isInstanceOf(ProtocolException.class).hasMessage(message));
  }

  /** {@code read} fails as a read timeout does, and within {@code limit}. */
  private static void assertReadTimesOutWithin(Duration limit, ThrowingCallable read) {
    long start = System.nanoTime();
    assertTimeoutPreemptively(
        Duration.ofSeconds(10),
        () ->
            assertThatThrownBy(read)
                .isInstanceOf(SocketTimeoutException.class)
                .hasMessage("Read timed out"));
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(limit);
  }

  static String readAll(Response response) throws IOException {
    try (response;
        InputStream in = response.body().byteStream()) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  @Test
  void aChunkedBodyIsReadWholeWithItsHeaders() throws Exception {
    server.on(
        "GET", "/doc", Reply.json("{\"a\":1}").header("Docker-Content-Digest", "d").chunked());

    Response response = http.execute(get("/doc"));

    assertThat(response.code()).isEqualTo(200);
    assertThat(response.header("Docker-Content-Digest")).isEqualTo("d");
    assertThat(response.body().contentLength()).isEqualTo(-1);
    assertThat(readAll(response)).isEqualTo("{\"a\":1}");
  }

  /** A body read to its end gives its connection back: the next request goes out on it. */
  @Test
  void requestsShareAConnectionOnceEachBodyIsReadToItsEnd() throws Exception {
    server.on("GET", "/chunked", Reply.json("{}").chunked());
    server.on("GET", "/sized", Reply.json("{\"b\":2}"));

    assertThat(readAll(http.execute(get("/chunked")))).isEqualTo("{}");
    assertThat(readAll(http.execute(get("/sized")))).isEqualTo("{\"b\":2}");
    assertThat(readAll(http.execute(get("/chunked")))).isEqualTo("{}");

    assertThat(server.requests()).extracting(RecordedRequest::connection).containsOnly(1);
  }

  /** A body closed before its end takes its connection with it: no one waits for the rest. */
  @Test
  void aBodyClosedBeforeItsEndIsNotReused() throws Exception {
    server.on("GET", "/big", Reply.status(200).body(new byte[256 * 1024]));
    server.on("GET", "/doc", Reply.json("{}"));

    try (Response big = http.execute(get("/big"))) {
      assertThat(big.body().byteStream().read(new byte[10])).isPositive();
    }
    readAll(http.execute(get("/doc")));

    assertThat(server.requests()).extracting(RecordedRequest::connection).containsExactly(1, 2);
  }

  @Test
  void aChunkedBodyWithTrailersWithoutEndIsRefusedAtTheBound() {
    server.on("GET", "/doc", Reply.json("{\"a\":1}").trailersWithoutEnd());

    assertRefusedInTime(
        () -> readAll(http.execute(get("/doc"))),
        server.host() + " sent trailer fields beyond the bound (64 lines, 16 KiB)");
  }

  @Test
  void aStalledChunkedBodyEndsAtTheReadTimeout() {
    server.on(
        "GET", "/blob", Reply.status(200).body("abcdef").chunked().trickle(Duration.ofSeconds(30)));

    assertTimeoutPreemptively(
        Duration.ofSeconds(20),
        () ->
            assertThatThrownBy(() -> readAll(http.execute(get("/blob"))))
                .isInstanceOf(SocketTimeoutException.class)
                .hasMessage("Read timed out"));
  }

  @Test
  void aChunkedBodyUnderADeadlineEndsAtTheDeadline() {
    server.on(
        "GET", "/doc", Reply.status(200).body("abcdef").chunked().trickle(Duration.ofMillis(700)));
    long end = System.nanoTime() + Duration.ofSeconds(2).toNanos();

    assertTimeoutPreemptively(
        Duration.ofSeconds(20),
        () ->
            assertThatThrownBy(() -> readAll(http.execute(get("/doc"), end, true)))
                .isInstanceOf(InterruptedIOException.class)
                .hasMessage("timeout"));
  }

  @Test
  void headersTrickledPastTheDeadlineAreCutAtIt() throws Exception {
    try (RawServer raw = RawServer.endless("HTTP/1.1 200 OK\r\n", "X-Slow: 1\r\n", 300)) {
      long end = System.nanoTime() + Duration.ofSeconds(1).toNanos();

      assertTimeoutPreemptively(
          Duration.ofSeconds(10),
          () ->
              assertThatThrownBy(() -> http.execute(raw.get(), end, false))
                  .isInstanceOf(InterruptedIOException.class)
                  .hasMessage("timeout"));
    }
  }

  @Test
  void aBodyShorterThanItsLengthFailsNamingWhatArrived() {
    server.on("GET", "/blob", Reply.status(200).body("abc").declaredLength(10).thenClose());

    assertThatThrownBy(() -> readAll(http.execute(get("/blob"))))
        .isInstanceOf(ProtocolException.class)
        .hasMessage("the connection ended after 3 of 10 bytes");
  }

  /**
   * The server closed an idle connection without saying so: the request that finds it closed is
   * sent again, once, on a new connection.
   */
  @Test
  void aRequestOnAConnectionTheServerClosedIsSentAgainOnANewOne() throws Exception {
    try (RawServer raw =
        RawServer.answering("HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok", true)) {
      assertThat(readAll(http.execute(raw.get()))).isEqualTo("ok");
      Thread.sleep(100); // the server has closed by now

      assertThat(readAll(http.execute(raw.get()))).isEqualTo("ok");

      assertThat(raw.connections()).isEqualTo(2);
    }
  }

  /** A server that is only slow is not taken for one that closed: the request goes out once. */
  @Test
  void aTimeoutOnAReusedConnectionIsNotSentAgain() throws Exception {
    try (RawServer raw =
        RawServer.answeringOnce("HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok")) {
      assertThat(readAll(http.execute(raw.get()))).isEqualTo("ok");

      assertThatThrownBy(() -> http.execute(raw.get())).isInstanceOf(SocketTimeoutException.class);

      assertThat(raw.requests()).isEqualTo(2);
      assertThat(raw.connections()).isEqualTo(1);
    }
  }

  /**
   * Bytes the server sends onto an idle connection would be read as the next request's answer: a
   * connection with such bytes waiting is not reused.
   */
  @Test
  void anIdleConnectionWithBytesNoOneAskedForIsNotReused() throws Exception {
    try (RawServer raw =
        RawServer.answeringThenStray(
            "HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\nfirst",
            "HTTP/1.1 200 OK\r\nContent-Length: 6\r\n\r\nforged",
            100)) {
      assertThat(readAll(http.execute(raw.get()))).isEqualTo("first");
      Thread.sleep(400); // the stray answer has arrived

      assertThat(readAll(http.execute(raw.get()))).isEqualTo("first");
      assertThat(raw.connections()).isEqualTo(2);
    }
  }

  /**
   * Header lines trickled one byte at a time, each within the read timeout: the head must be in
   * within two read timeouts of its start, deadline or not.
   */
  @Test
  void aTrickledHeadEndsWithinTwoReadTimeouts() throws Exception {
    try (RawServer raw = RawServer.endless("HTTP/1.1 200 OK\r\nX-Slow: ", "y", 300)) {
      assertReadTimesOutWithin(Duration.ofSeconds(4), () -> http.execute(raw.get()));
    }
  }

  /** The same for the framing between chunks: a size line trickled one byte at a time. */
  @Test
  void aTrickledChunkSizeLineEndsWithinTwoReadTimeouts() throws Exception {
    try (RawServer raw =
        RawServer.endless(
            "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n1;ext=", "b", 300)) {
      Response response = http.execute(raw.get());

      assertReadTimesOutWithin(Duration.ofSeconds(4), () -> readAll(response));
    }
  }

  /** A read blocked when the body's deadline passes is ended then, not at its read timeout. */
  @Test
  void aBlockedReadEndsAtTheBodysDeadline() throws Exception {
    HttpExchanges patient = new HttpExchanges(Duration.ofSeconds(5), Duration.ofSeconds(30), null);
    server.on("GET", "/blob", Reply.status(200).body("abcdef").trickle(Duration.ofSeconds(30)));
    long end = System.nanoTime() + Duration.ofSeconds(1).toNanos();
    Response response = patient.execute(get("/blob"), end, true);

    assertTimeoutPreemptively(
        Duration.ofSeconds(10),
        () ->
            assertThatThrownBy(() -> readAll(response))
                .isInstanceOf(InterruptedIOException.class)
                .hasMessage("timeout"));
  }

  /**
   * Over TLS the socket's timeout restarts with each record, data or not: a server that sends only
   * KeyUpdates would hold a read forever. The read timeout is kept by the clock instead.
   */
  @Test
  void aTlsBodyOfKeyUpdatesOnlyEndsAtTheReadTimeout() throws Exception {
    TestCertificateAuthority ca = TestCertificateAuthority.create("key update test CA");
    try (HostileServer tls = HostileServer.startTls(ca)) {
      tls.on(
          "GET",
          "/blob",
          Reply.status(200).body("abc").keyUpdatesWithoutData(Duration.ofMillis(300)));
      HttpExchanges https =
          new HttpExchanges(Duration.ofSeconds(5), Duration.ofSeconds(1), ca.sslContext());
      Response response =
          https.execute(new Request.Builder().url("https://" + tls.host() + "/blob").get().build());

      assertReadTimesOutWithin(Duration.ofSeconds(4), () -> readAll(response));
    }
  }

  /**
   * A small body's upload budget is one read timeout: once the body is out, the answer has the
   * deadline, not what is left of that budget.
   */
  @Test
  void aSmallUploadsAnswerHasTheDeadlineNotTheUploadBudget() throws Exception {
    try (RawServer raw =
        RawServer.inSteps(700, "HTTP/1.1 200 OK\r\n", "Content-Length: 2\r\n\r\nok")) {
      long end = System.nanoTime() + Duration.ofSeconds(10).toNanos();

      // the head is complete 1.4 s after the 3-byte body went out; the budget was 1 s
      assertThat(readAll(http.execute(raw.post("a=b"), end, true))).isEqualTo("ok");
    }
  }

  /**
   * A POST may not go out twice, so it never takes an idle connection (one the server closed
   * meanwhile would fail it with no second try): it goes on a new one.
   */
  @Test
  void aPostGoesOnANewConnection() throws Exception {
    try (RawServer raw =
        RawServer.answering("HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok", false)) {
      readAll(http.execute(raw.get()));

      assertThat(readAll(http.execute(raw.post("a=b")))).isEqualTo("ok");
      assertThat(raw.connections()).isEqualTo(2);
    }
  }

  /** The upload budget begins when the body is about to go out: a stalled handshake is not it. */
  @Test
  void aStalledTlsHandshakeIsNotBlamedOnTheUpload() throws Exception {
    try (RawServer silent = RawServer.answering("", false)) {
      Request put =
          new Request.Builder()
              .url("https://" + silent.origin() + "/v2/x/blobs/uploads/1")
              .put(RequestBody.create(new byte[10], null))
              .build();

      assertThatThrownBy(() -> http.execute(put))
          .isInstanceOf(SocketTimeoutException.class)
          .hasMessageNotContaining("stopped reading its body");
    }
  }

  /** A request in a message: no query (a pre-signed URL's signature is there). */
  @Test
  void aRequestNamesItselfWithoutItsQuery() {
    Request r =
        new Request.Builder()
            .url(
                "https://blobs.example/v2/x/blobs/sha256:ab?X-Amz-Signature=s3cret&X-Amz-Expires=60")
            .get()
            .build();

    assertThat(r.toString()).isEqualTo("GET https://blobs.example/v2/x/blobs/sha256:ab");
  }

  @Test
  void aHeaderLineBeyondTheBoundIsRefused() throws Exception {
    try (RawServer raw = RawServer.endless("HTTP/1.1 200 OK\r\nX-Long: ", "y".repeat(1024), 0)) {
      assertRefusedInTime(
          () -> http.execute(raw.get()),
          "a header line of "
              + raw.origin()
              + " is longer than "
              + ResponseHead.MAX_LINE_BYTES
              + " bytes");
    }
  }

  @Test
  void headersWithoutEndAreRefusedAtTheBound() throws Exception {
    try (RawServer raw = RawServer.endless("HTTP/1.1 200 OK\r\n", "X-Pad: 1\r\n", 0)) {
      assertRefusedInTime(
          () -> http.execute(raw.get()),
          raw.origin() + " sent response headers beyond the bound (256 fields, 256 KiB)");
    }
  }

  @Test
  void interimAnswersWithoutEndAreRefused() throws Exception {
    try (RawServer raw = RawServer.endless("", "HTTP/1.1 100 Continue\r\n\r\n", 0)) {
      assertRefusedInTime(
          () -> http.execute(raw.get()), raw.origin() + " sent interim (1xx) answers without end");
    }
  }

  @Test
  void anAnswerThatIsNotHttpIsRefusedWithoutQuotingIt() throws Exception {
    try (RawServer raw = RawServer.answering("SSH-2.0-OpenSSH_9.2\r\n\u001b[31m\r\n", false)) {
      assertThatThrownBy(() -> http.execute(raw.get()))
          .isInstanceOf(ProtocolException.class)
          .hasMessage(raw.origin() + " did not answer in HTTP");
    }
  }

  /**
   * A {@code Negotiate} challenge is the caller's to answer: it comes back as the 401 it is, after
   * one request. (The JDK's HttpURLConnection answered it itself with a Kerberos ticket where the
   * machine had one.)
   */
  @Test
  void aChallengeComesBackToTheCallerUnanswered() throws Exception {
    server.on(
        "GET",
        "/v2/",
        Reply.status(401)
            .header("WWW-Authenticate", "Negotiate")
            .header("WWW-Authenticate", "Basic realm=\"r\""));

    try (Response response = http.execute(get("/v2/"))) {
      assertThat(response.code()).isEqualTo(401);
      assertThat(response.headers("WWW-Authenticate"))
          .containsExactly("Negotiate", "Basic realm=\"r\"");
    }
    assertThat(server.requestsTo("/v2/")).hasSize(1);
    assertThat(server.requestsTo("/v2/").get(0).header("Authorization")).isEmpty();
  }

  /** A cookie store the application installed is not the registry client's: none is sent. */
  @Test
  void anApplicationsCookieHandlerIsNotUsed() throws Exception {
    CookieHandler before = CookieHandler.getDefault();
    CookieHandler.setDefault(new CookieManager(null, CookiePolicy.ACCEPT_ALL));
    try {
      server.on("GET", "/v2/", Reply.json("{}").header("Set-Cookie", "session=s3cret; Path=/"));
      readAll(http.execute(get("/v2/")));
      readAll(http.execute(get("/v2/")));

      assertThat(server.requestsTo("/v2/"))
          .extracting(r -> r.header("Cookie").isPresent())
          .containsExactly(false, false);
    } finally {
      CookieHandler.setDefault(before);
    }
  }

  /** Closing a body from another thread ends the read in progress at once, not at its timeout. */
  @Test
  void aBodyClosedFromAnotherThreadEndsTheReadInProgress() throws Exception {
    HttpExchanges patient = new HttpExchanges(Duration.ofSeconds(5), Duration.ofSeconds(60), null);
    server.on("GET", "/blob", Reply.status(200).body("abcdef").trickle(Duration.ofSeconds(60)));
    Response response = patient.execute(get("/blob"));
    AtomicReference<Throwable> failure = new AtomicReference<>();
    Thread reader =
        new Thread(
            () -> {
              try {
                response.body().byteStream().readAllBytes();
              } catch (IOException e) {
                failure.set(e);
              }
            });
    reader.start();
    Thread.sleep(300);

    long closing = System.nanoTime();
    response.close();
    reader.join(10_000);

    assertThat(reader.isAlive()).isFalse();
    assertThat(Duration.ofNanos(System.nanoTime() - closing)).isLessThan(Duration.ofSeconds(5));
    assertThat(failure.get()).isInstanceOf(IOException.class);
  }

  /**
   * A server that takes the request and never reads its body: the write has no timeout of its own,
   * so the upload's budget (the read timeout per 64 KiB) ends it. 16 MiB at 50 ms per 64 KiB: 13 s.
   */
  @Test
  void anUploadTheServerStopsReadingEndsWithinItsBudget() throws Exception {
    HttpExchanges quick = new HttpExchanges(Duration.ofSeconds(5), Duration.ofMillis(50), null);
    try (ServerSocket deaf = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      Thread accept =
          new Thread(
              () -> {
                try (Socket s = deaf.accept()) {
                  Thread.sleep(120_000); // holds the connection, reads nothing
                } catch (Exception e) {
                  // the test is over
                }
              });
      accept.setDaemon(true);
      accept.start();
      Request put =
          new Request.Builder()
              .url("http://127.0.0.1:" + deaf.getLocalPort() + "/v2/acme/x/blobs/uploads/1")
              .put(RequestBody.create(new byte[16 << 20], "application/octet-stream"))
              .build();

      assertTimeoutPreemptively(
          Duration.ofSeconds(40),
          () ->
              assertThatThrownBy(() -> quick.execute(put))
                  .isInstanceOf(SocketTimeoutException.class)
                  .hasMessageContaining("the server stopped reading its body"));
    }
  }

  /** PATCH, which HttpURLConnection could not send, goes out like any other method. */
  @Test
  void aPatchIsSentWithItsBody() throws Exception {
    server.on("PATCH", "/v2/acme/x/blobs/uploads/1", Reply.status(202).header("Range", "0-2"));
    Request patch =
        new Request.Builder()
            .url("http://" + server.host() + "/v2/acme/x/blobs/uploads/1")
            .patch(RequestBody.create("abc".getBytes(StandardCharsets.US_ASCII), null))
            .build();

    try (Response response = http.execute(patch)) {
      assertThat(response.code()).isEqualTo(202);
    }
    List<RecordedRequest> sent = server.requestsTo("/v2/acme/x/blobs/uploads/1");
    assertThat(sent).hasSize(1);
    assertThat(sent.get(0).header("Content-Length")).contains("3");
  }
}
