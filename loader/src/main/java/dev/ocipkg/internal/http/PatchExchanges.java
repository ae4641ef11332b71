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
 * PATCH, which {@link java.net.HttpURLConnection} refuses to send, on {@code java.net.http}: only
 * the toolbox's chunked uploads use it, so its client is made on the first PATCH. HTTP/1.1, no
 * redirects, no authenticator, the same proxy selection and TLS context as every other request.
 */
final class PatchExchanges {
  private final HttpClient client;

  PatchExchanges(Duration connectTimeout, @Nullable SSLContext tls) {
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

  /** Sends {@code request}, a PATCH, and waits at most {@code timeout} for its headers. */
  Response send(Request request, Duration timeout) throws IOException {
    RequestBody body = request.body();
    HttpRequest.BodyPublisher publisher =
        body == null
            ? HttpRequest.BodyPublishers.noBody()
            : HttpRequest.BodyPublishers.fromPublisher(
                HttpRequest.BodyPublishers.ofInputStream(() -> opened(body)), body.contentLength());
    HttpRequest.Builder b =
        HttpRequest.newBuilder(request.url().toUri())
            .timeout(timeout)
            .method("PATCH", publisher)
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
      throw new InterruptedIOException("interrupted while sending PATCH " + request.url());
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
    return new Response(
        request, response.statusCode(), received, new ResponseBody(response.body(), length));
  }

  private static InputStream opened(RequestBody body) {
    try {
      return body.open();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
