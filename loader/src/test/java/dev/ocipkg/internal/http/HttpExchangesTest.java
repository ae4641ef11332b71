package dev.ocipkg.internal.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import dev.ocipkg.testing.HostileServer;
import dev.ocipkg.testing.HostileServer.Reply;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Chunked answers, which HttpURLConnection cannot be trusted to end: a hostile server's trailers
 * without end would hold its read forever and fill the heap. Protocol edges a real registry does
 * not produce, so the server is test-support's {@link HostileServer} on loopback.
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

  private static String readAll(Response response) throws Exception {
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
    assertThat(readAll(response)).isEqualTo("{\"a\":1}");
  }

  /** The first chunked answer is asked again on java.net.http; later ones go there at once. */
  @Test
  void anOriginThatAnsweredChunkedIsAskedOnceAfterwards() throws Exception {
    server.on("GET", "/doc", Reply.json("{}").chunked());

    readAll(http.execute(get("/doc")));
    readAll(http.execute(get("/doc")));

    assertThat(server.requestsTo("/doc")).hasSize(3);
  }

  @Test
  void aChunkedBodyWithTrailersWithoutEndEndsAtItsLastChunk() {
    server.on("GET", "/doc", Reply.json("{\"a\":1}").trailersWithoutEnd());

    String body =
        assertTimeoutPreemptively(Duration.ofSeconds(20), () -> readAll(http.execute(get("/doc"))));

    assertThat(body).isEqualTo("{\"a\":1}");
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
}
