package dev.ocipkg.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** {@link FaultProxy} with response framings the registry does not use, from a stub server. */
class FaultProxyFramingTest {
  private static final String CHUNKED =
      "HTTP/1.1 200 OK\r\n"
          + "Content-Type: text/plain\r\n"
          + "Transfer-Encoding: chunked\r\n"
          + "Connection: close\r\n"
          + "\r\n"
          + "5\r\nhello\r\n"
          + "7;name=value\r\n, world\r\n"
          + "0\r\nX-Checksum: none\r\n\r\n";

  private final HttpClient client =
      HttpClient.newBuilder()
          .version(HttpClient.Version.HTTP_1_1)
          .connectTimeout(Duration.ofSeconds(5))
          .build();

  @Test
  void aChunkedBodyPassesWholeAndKeepsTheClientConnection() throws Exception {
    // One socket written by hand: HttpClient returns a connection to its pool asynchronously, so
    // whether its second request reuses the first connection is a race the proxy cannot decide.
    try (StubUpstream stub = new StubUpstream(CHUNKED);
        FaultProxy proxy = FaultProxy.inFrontOf(stub.address());
        RawConnection raw = new RawConnection(proxy)) {
      String request = "GET /x HTTP/1.1\r\nHost: localhost\r\n\r\n";
      HttpHead first = raw.exchange(request);
      String firstBody = new String(raw.lastBody(), StandardCharsets.ISO_8859_1);
      HttpHead second = raw.exchange(request);
      String secondBody = new String(raw.lastBody(), StandardCharsets.ISO_8859_1);

      assertThat(first.status()).isEqualTo(200);
      assertThat(first.first("Connection")).isNull();
      assertThat(first.first("Transfer-Encoding")).isEqualTo("chunked");
      assertThat(firstBody).isEqualTo(CHUNKED.substring(CHUNKED.indexOf("\r\n\r\n") + 4));
      assertThat(second.status()).isEqualTo(200);
      assertThat(secondBody).isEqualTo(firstBody);
      assertThat(proxy.requests()).extracting(RecordedRequest::connection).containsExactly(1, 1);
    }
  }

  @Test
  void flipAndCutCountContentBytesAcrossChunks() throws Exception {
    try (StubUpstream stub = new StubUpstream(CHUNKED);
        FaultProxy proxy = FaultProxy.inFrontOf(stub.address())) {
      proxy.rule(Fault.flipByte(7)).rule(Fault.cutAfter(8));

      HttpResponse<byte[]> flipped =
          client.send(
              HttpRequest.newBuilder(proxy.baseUri().resolve("/x")).build(),
              HttpResponse.BodyHandlers.ofByteArray());
      assertThat(flipped.body()[7]).isEqualTo((byte) ~'w');
      assertThat(new String(flipped.body(), 0, 7, StandardCharsets.UTF_8)).isEqualTo("hello, ");

      assertThatThrownBy(() -> get(proxy)).isInstanceOf(IOException.class);
      assertThat(get(proxy).body()).isEqualTo("hello, world");
    }
  }

  @Test
  void aCloseDelimitedBodyPassesAndClosesTheClientConnection() throws Exception {
    String untilClose = "HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\n\r\nto the end";
    try (StubUpstream stub = new StubUpstream(untilClose);
        FaultProxy proxy = FaultProxy.inFrontOf(stub.address())) {
      HttpResponse<String> first = get(proxy);
      HttpResponse<String> second = get(proxy);

      assertThat(first.body()).isEqualTo("to the end");
      assertThat(first.headers().firstValue("Connection")).hasValue("close");
      assertThat(second.body()).isEqualTo("to the end");
      assertThat(proxy.requests()).extracting(RecordedRequest::connection).containsExactly(1, 2);
    }
  }

  @Test
  void forwardsTheHeadWithoutConnectionFieldsAndWithHostAsSent() throws Exception {
    try (StubUpstream stub = new StubUpstream("HTTP/1.1 204 No Content\r\n\r\n");
        FaultProxy proxy = FaultProxy.inFrontOf(stub.address());
        RawConnection raw = new RawConnection(proxy)) {
      HttpHead response =
          raw.exchange(
              "GET /v2/a/b/manifests/1?x=y HTTP/1.1\r\n"
                  + "Host: registry.example:5000\r\n"
                  + "Connection: keep-alive, X-Hop\r\n"
                  + "X-Hop: dropped\r\n"
                  + "Keep-Alive: timeout=5\r\n"
                  + "Authorization: Basic dGVzdDp0ZXN0\r\n"
                  + "\r\n");

      assertThat(response.status()).isEqualTo(204);
      assertThat(response.first("Connection")).isNull();
      HttpHead forwarded = stub.received().get(0);
      assertThat(forwarded.startLine()).isEqualTo("GET /v2/a/b/manifests/1?x=y HTTP/1.1");
      assertThat(forwarded.first("Host")).isEqualTo("registry.example:5000");
      assertThat(forwarded.first("Connection")).isEqualTo("close");
      assertThat(forwarded.first("X-Hop")).isNull();
      assertThat(forwarded.first("Keep-Alive")).isNull();
      assertThat(forwarded.first("Authorization")).isEqualTo("Basic dGVzdDp0ZXN0");
      RecordedRequest recorded = proxy.requests().get(0);
      assertThat(recorded.path()).isEqualTo("/v2/a/b/manifests/1");
      assertThat(recorded.target()).isEqualTo("/v2/a/b/manifests/1?x=y");
      assertThat(recorded.header("x-hop")).hasValue("dropped");
    }
  }

  private HttpResponse<String> get(FaultProxy proxy) throws IOException, InterruptedException {
    return client.send(
        HttpRequest.newBuilder(proxy.baseUri().resolve("/x"))
            .timeout(Duration.ofSeconds(10))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }
}
