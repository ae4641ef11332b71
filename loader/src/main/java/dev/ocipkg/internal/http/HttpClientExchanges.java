package dev.ocipkg.internal.http;

import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.io.UncheckedIOException;
import java.net.ProxySelector;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import javax.net.ssl.SSLContext;
import org.jspecify.annotations.Nullable;

/**
 * The exchanges {@link java.net.HttpURLConnection} cannot make safely, on {@code java.net.http}:
 * PATCH, which it refuses to send (the toolbox's chunked uploads), and a request whose answer came
 * chunked, sent again here. HttpURLConnection reads a chunked body's trailer lines inside one read,
 * with no bound on their number, so a registry that sends trailers without end would hold that read
 * forever and fill the heap; {@code java.net.http} ends the body at its last chunk. Its client
 * costs a fresh JVM about 0.4 s, so it is made on first use. HTTP/1.1, no redirects, no
 * authenticator, no cookies, the same proxy selection and TLS context as every other request.
 */
final class HttpClientExchanges {
  private final HttpClient client;

  HttpClientExchanges(Duration connectTimeout, @Nullable SSLContext tls) {
    HttpClient.Builder b =
        HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .followRedirects(HttpClient.Redirect.NEVER)
            .connectTimeout(connectTimeout)
            .proxy(ProxySelector.getDefault());
    if (tls != null) {
      b.sslContext(tls);
    }
    this.client = b.build();
  }

  /**
   * Sends {@code request} and waits at most {@code timeout} for its headers; each read of the body
   * ends within {@code readTimeout}, and with a {@code bodyEndNanos} ({@link System#nanoTime}) none
   * begins after it.
   */
  Response send(
      Request request, Duration timeout, Duration readTimeout, @Nullable Long bodyEndNanos)
      throws IOException {
    RequestBody body = request.body();
    HttpRequest.BodyPublisher publisher =
        body == null
            ? HttpRequest.BodyPublishers.noBody()
            : HttpRequest.BodyPublishers.fromPublisher(
                HttpRequest.BodyPublishers.ofInputStream(() -> opened(body)), body.contentLength());
    HttpRequest.Builder b =
        HttpRequest.newBuilder(request.url().toUri())
            .timeout(timeout)
            .method(request.method(), publisher)
            .header("User-Agent", "ocipkg-java");
    if (body != null && body.contentType() != null) {
      b.header("Content-Type", body.contentType());
    }
    List<String> headers = request.headerList();
    for (int i = 0; i < headers.size(); i += 2) {
      b.header(headers.get(i), headers.get(i + 1));
    }
    HttpResponse<InputStream> response;
    try {
      response = client.send(b.build(), HttpResponse.BodyHandlers.ofInputStream());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InterruptedIOException("interrupted while sending " + request);
    } catch (UncheckedIOException e) {
      throw e.getCause();
    }
    List<String> received = new ArrayList<>();
    for (Map.Entry<String, List<String>> h : response.headers().map().entrySet()) {
      for (String value : h.getValue()) {
        received.add(h.getKey());
        received.add(value);
      }
    }
    long length = response.headers().firstValueAsLong("Content-Length").orElse(-1);
    TimedStream timed = new TimedStream(response.body(), readTimeout, bodyEndNanos);
    return new Response(request, response.statusCode(), received, new ResponseBody(timed, length));
  }

  private static InputStream opened(RequestBody body) {
    try {
      return body.open();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
