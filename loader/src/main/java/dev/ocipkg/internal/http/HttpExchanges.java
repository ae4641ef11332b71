package dev.ocipkg.internal.http;

import dev.ocipkg.internal.io.ForeignText;
import dev.ocipkg.internal.io.MadeOnFirstUse;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.net.Authenticator;
import java.net.HttpURLConnection;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.HttpsURLConnection;
import javax.net.ssl.SSLContext;
import org.jspecify.annotations.Nullable;

/**
 * Sends requests on the JDK's {@link HttpURLConnection}, with its keep-alive pool, one exchange per
 * call and nothing done behind the caller's back: redirects are not followed, no cache is used, and
 * no {@link Authenticator} answers a challenge (the application's default one included), so that
 * the registry client's own rules decide where credentials go.
 *
 * <p>Time: every connect and every read is bounded by the timeouts; a request with a deadline
 * ({@link #execute(Request, long, boolean)}) is also cut when the deadline passes before its
 * headers are in (a watchdog disconnects it), and, where the deadline covers the body, a read that
 * begins after it fails. A read in progress then ends within the read timeout, and never later than
 * the time that was left of the deadline when the request was sent.
 */
public final class HttpExchanges {
  /** Answers no challenge: {@link HttpURLConnection} must not send credentials of its own. */
  private static final Authenticator NO_CREDENTIALS = new Authenticator() {};

  private static final String USER_AGENT = "ocipkg-java";

  /** An upload must move this much per read timeout (about 2 KiB/s at the default 30 s). */
  private static final long MIN_UPLOAD_BYTES_PER_TIMEOUT = 64 * 1024;

  private final Duration connectTimeout;
  private final Duration readTimeout;
  private final @Nullable SSLContext tls;
  private final MadeOnFirstUse<HttpClientExchanges> fallback;

  /**
   * Origins ({@code host:port}) that answered chunked: their later requests go to {@link
   * HttpClientExchanges} at once rather than twice. Bounded: past the bound, a further origin is
   * sent twice again, as before it answered.
   */
  private final Set<String> chunking = ConcurrentHashMap.newKeySet();

  private static final int MAX_CHUNKING_ORIGINS = 256;

  /**
   * @param tls the TLS context for https, or null for the JDK's default (made on the first https
   *     request)
   */
  public HttpExchanges(Duration connectTimeout, Duration readTimeout, @Nullable SSLContext tls) {
    this.connectTimeout = connectTimeout;
    this.readTimeout = readTimeout;
    this.tls = tls;
    this.fallback = new MadeOnFirstUse<>(() -> new HttpClientExchanges(connectTimeout, tls));
  }

  /** One exchange, bounded by the connect and read timeouts only. */
  public Response execute(Request request) throws IOException {
    return send(request, false, 0, false);
  }

  /**
   * One exchange under a deadline at {@code endNanos} ({@link System#nanoTime}), which ends at the
   * headers, or with {@code coversBody} at the body's last byte.
   */
  public Response execute(Request request, long endNanos, boolean coversBody) throws IOException {
    return send(request, true, endNanos, coversBody);
  }

  private Response send(Request request, boolean bounded, long endNanos, boolean coversBody)
      throws IOException {
    @Nullable Long bodyEnd = bounded && coversBody ? endNanos : null;
    if (request.method().equals("PATCH") || chunking.contains(request.url().hostAndPort())) {
      return sendOnHttpClient(request, bounded, endNanos, bodyEnd);
    }
    HttpURLConnection c = (HttpURLConnection) request.url().toUrl().openConnection();
    if (tls != null && c instanceof HttpsURLConnection https) {
      https.setSSLSocketFactory(tls.getSocketFactory());
    }
    c.setInstanceFollowRedirects(false);
    c.setUseCaches(false);
    c.setAuthenticator(NO_CREDENTIALS);
    long left = bounded ? Math.max(1, endNanos - System.nanoTime()) : Long.MAX_VALUE;
    c.setConnectTimeout(millis(connectTimeout, left));
    c.setReadTimeout(coversBody ? millis(readTimeout, left) : millis(readTimeout, Long.MAX_VALUE));
    c.setRequestMethod(request.method());
    c.setRequestProperty("User-Agent", USER_AGENT);
    List<String> headers = request.headerList();
    for (int i = 0; i < headers.size(); i += 2) {
      c.addRequestProperty(headers.get(i), headers.get(i + 1));
    }
    // A body is bounded too: a server that stops reading would hold the write without end (the
    // read timeout does not apply to writes).
    long uploadEnd =
        request.body() == null
            ? Long.MAX_VALUE
            : System.nanoTime() + answerTimeout(request, false, 0).toNanos();
    boolean uploadFirst = request.body() != null && (!bounded || uploadEnd - endNanos < 0);
    Future<?> watchdog =
        bounded || uploadFirst
            ? Watchdog.disconnectAt(c, uploadFirst ? uploadEnd : endNanos)
            : null;
    int code;
    try {
      writeBody(c, request.body());
      code = c.getResponseCode();
    } catch (IOException e) {
      c.disconnect();
      throw fired(watchdog) ? timedOut(request, uploadFirst) : e;
    } catch (RuntimeException e) {
      c.disconnect();
      if (fired(watchdog)) {
        throw timedOut(request, uploadFirst); // the watchdog's disconnect, seen mid-read
      }
      throw new IOException(
          "could not send " + request + ": " + ForeignText.escape(String.valueOf(e)), e);
    } catch (StackOverflowError e) {
      // the JDK reads each interim (1xx) answer in a call of its own: without end, it overflows
      c.disconnect();
      throw new IOException(
          request.url().hostAndPort() + " sent interim (1xx) answers without end");
    } finally {
      if (watchdog != null) {
        watchdog.cancel(false); // the headers are in: the body has its own rules
      }
    }
    if (code < 100) {
      c.disconnect();
      throw new IOException(request.url().hostAndPort() + " did not answer in HTTP");
    }
    if (isChunked(c) && hasBody(request, code)) {
      // Not read here: HttpURLConnection reads a chunked body's trailers without bound (see
      // HttpClientExchanges). Sent again where the body ends at its last chunk.
      c.disconnect();
      if (chunking.size() < MAX_CHUNKING_ORIGINS) {
        chunking.add(request.url().hostAndPort());
      }
      return sendOnHttpClient(request, bounded, endNanos, bodyEnd);
    }
    InputStream body = code >= 400 ? c.getErrorStream() : c.getInputStream();
    long length = c.getContentLengthLong();
    ExchangeStream stream = new ExchangeStream(c, body, bodyEnd);
    return new Response(request, code, responseHeaders(c), new ResponseBody(stream, length));
  }

  /** {@code request} on {@link HttpClientExchanges}, under the same timeouts and deadline. */
  private Response sendOnHttpClient(
      Request request, boolean bounded, long endNanos, @Nullable Long bodyEnd) throws IOException {
    return fallback
        .get()
        .send(request, answerTimeout(request, bounded, endNanos), readTimeout, bodyEnd);
  }

  private static boolean fired(@Nullable Future<?> watchdog) {
    return watchdog != null && watchdog.isDone() && !watchdog.isCancelled();
  }

  /** The deadline's {@code timeout}, or an upload's own. */
  private static InterruptedIOException timedOut(Request request, boolean upload) {
    return upload
        ? new SocketTimeoutException(
            request + " was not taken and answered in time: the server stopped reading its body")
        : new InterruptedIOException("timeout");
  }

  private static boolean isChunked(HttpURLConnection c) {
    String encoding = c.getHeaderField("Transfer-Encoding");
    return encoding != null && encoding.toLowerCase(Locale.ROOT).contains("chunked");
  }

  /** Whether an answer of {@code code} to {@code request} has a body to read (RFC 9110, 6.4.1). */
  private static boolean hasBody(Request request, int code) {
    return !request.method().equals("HEAD") && code >= 200 && code != 204 && code != 304;
  }

  private static void writeBody(HttpURLConnection c, @Nullable RequestBody body)
      throws IOException {
    if (body == null) {
      return;
    }
    c.setDoOutput(true);
    c.setFixedLengthStreamingMode(body.contentLength());
    String type = body.contentType();
    if (type != null) {
      c.setRequestProperty("Content-Type", type);
    }
    try (InputStream in = body.open();
        OutputStream out = c.getOutputStream()) {
      in.transferTo(out);
    }
  }

  /** The headers in the order received; the status line is not one. */
  private static List<String> responseHeaders(HttpURLConnection c) {
    List<String> headers = new ArrayList<>();
    for (int i = 0; ; i++) {
      String value = c.getHeaderField(i);
      if (value == null) {
        return headers;
      }
      String name = c.getHeaderFieldKey(i);
      if (name != null) {
        headers.add(name);
        headers.add(value);
      }
    }
  }

  /**
   * How long a request sent on {@code java.net.http} may take to be answered: its body must be sent
   * first, so the read timeout plus one more for every {@value #MIN_UPLOAD_BYTES_PER_TIMEOUT}
   * bytes, and never past a deadline.
   */
  private Duration answerTimeout(Request request, boolean bounded, long endNanos) {
    RequestBody body = request.body();
    long length = body == null ? 0 : body.contentLength();
    Duration t = readTimeout.multipliedBy(1 + length / MIN_UPLOAD_BYTES_PER_TIMEOUT);
    if (bounded) {
      long left = Math.max(1, endNanos - System.nanoTime());
      t = t.toNanos() < left ? t : Duration.ofNanos(left);
    }
    return t;
  }

  /** {@code timeout} in milliseconds, at most {@code leftNanos}, at least 1 (0 is no timeout). */
  private static int millis(Duration timeout, long leftNanos) {
    long ms = Math.min(timeout.toMillis(), TimeUnit.NANOSECONDS.toMillis(leftNanos));
    return (int) Math.max(1, Math.min(Integer.MAX_VALUE, ms));
  }
}
