package dev.ocipkg.internal.http;

import dev.ocipkg.internal.io.ForeignText;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.net.ProtocolException;
import java.net.Proxy;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import org.jspecify.annotations.Nullable;

/**
 * Sends requests as HTTP/1.1 on connections of its own ({@link Connector}, {@link ConnectionPool}),
 * one exchange per call and nothing done behind the caller's back: no redirect is followed, no
 * cache or cookie store is used, and no challenge is answered (no {@code Authenticator}, no
 * Kerberos ticket), so that the registry client's own rules decide where credentials go.
 *
 * <p>Every foreign byte is bounded: the head's lines, fields and size ({@link ResponseHead}), a
 * chunked body's sizes and trailers ({@link ChunkedStream}), interim answers.
 *
 * <p>Time: every connect and every read is bounded by the timeouts; an upload by the read timeout
 * per {@value #MIN_UPLOAD_BYTES_PER_TIMEOUT} bytes; a request with a deadline ({@link
 * #execute(Request, long, boolean)}) is also cut when the deadline passes before its headers are in
 * (a watchdog closes its connection), and, where the deadline covers the body, a read that begins
 * after it fails. A read in progress then ends within the read timeout, and never later than the
 * time that was left of the deadline when the request was sent. Closing a body from another thread
 * ends a read in progress at once.
 */
public final class HttpExchanges {
  static final String USER_AGENT = "ocipkg-java";

  /** An upload must move this much per read timeout (about 2 KiB/s at the default 30 s). */
  private static final long MIN_UPLOAD_BYTES_PER_TIMEOUT = 64 * 1024;

  /** Interim (1xx) answers read before the final one; a server that sends more is refused. */
  private static final int MAX_INTERIM_ANSWERS = 16;

  private final Duration connectTimeout;
  private final Duration readTimeout;
  private final Connector connector;
  private final ConnectionPool pool = new ConnectionPool();

  /**
   * @param tls the TLS context for https, or null for the JDK's default (made on the first https
   *     request)
   */
  public HttpExchanges(Duration connectTimeout, Duration readTimeout, @Nullable SSLContext tls) {
    this.connectTimeout = connectTimeout;
    this.readTimeout = readTimeout;
    this.connector = new Connector(tls);
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
    RequestBody body = request.body();
    // A body is bounded too: a server that stops reading would hold the write without end (the
    // read timeout does not apply to writes).
    long uploadEnd = body == null ? Long.MAX_VALUE : System.nanoTime() + uploadBudgetNanos(body);
    boolean uploadFirst = body != null && (!bounded || uploadEnd - endNanos < 0);
    CutOff cut = new CutOff();
    Future<?> watchdog =
        bounded || uploadFirst ? Watchdog.runAt(cut, uploadFirst ? uploadEnd : endNanos) : null;
    Response response;
    try {
      response = exchange(request, bounded, endNanos, coversBody, cut);
    } catch (IOException e) {
      // the watchdog's close, seen by a read or write
      throw cut.fired() ? timedOut(request, uploadFirst) : e;
    } catch (RuntimeException e) {
      if (cut.fired()) {
        throw timedOut(request, uploadFirst);
      }
      throw new IOException(
          "could not send " + request + ": " + ForeignText.escape(String.valueOf(e)), e);
    } finally {
      if (watchdog != null) {
        watchdog.cancel(false); // the headers are in: the body has its own rules
      }
    }
    if (watchdog != null && watchdog.isDone() && !watchdog.isCancelled()) {
      response.close(); // the time ran out as the headers came: the connection is closed
      throw timedOut(request, uploadFirst);
    }
    return response;
  }

  /**
   * Sends {@code request} on an idle connection where there is one, else on a new one. A request
   * that an idle connection could not carry is sent once more, on a new connection: the server had
   * closed it (the answer's stream ended, or the connection was reset, before a byte came back). A
   * timeout is never taken for that: a server that is only slow does not get a request twice.
   */
  private Response exchange(
      Request request, boolean bounded, long endNanos, boolean coversBody, CutOff cut)
      throws IOException {
    HttpUrl url = request.url();
    List<Proxy> proxies = Connector.proxiesFor(url);
    boolean retried = false;
    while (true) {
      long left = bounded ? Math.max(1, endNanos - System.nanoTime()) : Long.MAX_VALUE;
      int readMillis = millis(readTimeout, coversBody ? left : Long.MAX_VALUE);
      Connection c = retried ? null : idle(url, proxies);
      boolean reused = c != null;
      if (c == null) {
        c = connector.open(url, proxies, millis(connectTimeout, left), readMillis, cut);
      }
      cut.watch(c);
      long receivedBefore = c.in().received();
      try {
        c.readTimeout(readMillis);
        writeRequest(c.out(), request, c.viaHttpProxy());
        return answer(c, request, readMillis, coversBody && bounded ? endNanos : null, cut);
      } catch (IOException | RuntimeException e) {
        c.close();
        boolean closedByServer =
            e instanceof ResponseHead.NoAnswerException || e instanceof SocketException;
        if (reused
            && closedByServer
            && c.in().received() == receivedBefore
            && !cut.fired()
            && !retried) {
          pool.evict(c.poolKey()); // the others may be closed too
          retried = true;
          continue;
        }
        throw e;
      }
    }
  }

  /** An idle connection to {@code url}'s origin through one of {@code proxies}, or null. */
  private @Nullable Connection idle(HttpUrl url, List<Proxy> proxies) {
    for (Proxy proxy : proxies) {
      Connection c = pool.take(Connector.poolKey(url, proxy));
      if (c != null) {
        return c;
      }
    }
    return null;
  }

  private void writeRequest(OutputStream out, Request request, boolean viaProxy)
      throws IOException {
    HttpUrl url = request.url();
    RequestBody body = request.body();
    StringBuilder head =
        new StringBuilder(256)
            .append(request.method())
            .append(' ')
            .append(viaProxy ? url.toString() : url.pathAndQuery())
            .append(" HTTP/1.1\r\nHost: ")
            .append(url.authority(false))
            .append("\r\nUser-Agent: ")
            .append(USER_AGENT)
            .append("\r\n");
    List<String> headers = request.headerList();
    for (int i = 0; i < headers.size(); i += 2) {
      head.append(headers.get(i)).append(": ").append(headers.get(i + 1)).append("\r\n");
    }
    if (body != null) {
      String type = body.contentType();
      if (type != null && request.header("Content-Type") == null) {
        head.append("Content-Type: ").append(type).append("\r\n");
      }
      head.append("Content-Length: ").append(body.contentLength()).append("\r\n");
    } else if (!request.method().equals("GET") && !request.method().equals("HEAD")) {
      head.append("Content-Length: 0\r\n");
    }
    out.write(head.append("\r\n").toString().getBytes(StandardCharsets.ISO_8859_1));
    if (body != null) {
      try (InputStream in = body.open()) {
        in.transferTo(out);
      }
    }
    out.flush();
  }

  /**
   * Reads the final answer's head, after any interim ones, and frames its body. Each head must be
   * in within two read timeouts of its start, as must the framing between chunks; with a {@code
   * bodyEnd} ({@link System#nanoTime}) the connection is closed at that time if the body is still
   * open.
   */
  private Response answer(
      Connection c, Request request, int readMillis, @Nullable Long bodyEnd, CutOff cut)
      throws IOException {
    String origin = request.url().hostAndPort();
    long framingNanos = 2 * TimeUnit.MILLISECONDS.toNanos(readMillis);
    ResponseHead head = ResponseHead.read(c.in(), origin, System.nanoTime() + framingNanos);
    for (int interim = 0; head.code() < 200; interim++) {
      if (head.code() == 101 || interim >= MAX_INTERIM_ANSWERS) {
        throw new ProtocolException(
            head.code() == 101
                ? origin + " switched protocols, which no request asked for"
                : origin + " sent interim (1xx) answers without end");
      }
      head = ResponseHead.read(c.in(), origin, System.nanoTime() + framingNanos);
    }
    long length = head.contentLength(origin);
    InputStream body;
    boolean reusable = head.keepsAlive();
    if (!hasBody(request, head.code())) {
      body = null;
    } else if (head.isChunked()) {
      body = new ChunkedStream(c.in(), origin, framingNanos);
      reusable &= length < 0; // both framings at once: read as chunked, then not trusted again
    } else if (length >= 0 && !head.hasOtherTransferCoding()) {
      body = new FixedLengthStream(c.in(), length);
    } else {
      body = c.in(); // until the server closes the connection
      reusable = false;
    }
    ExchangeStream stream =
        new ExchangeStream(
            c,
            body,
            reusable ? pool : null,
            bodyEnd,
            body != null && bodyEnd != null ? Watchdog.runAt(cut, bodyEnd) : null,
            cut);
    return new Response(
        request,
        head.code(),
        head.headers(),
        new ResponseBody(stream, head.isChunked() ? -1 : length));
  }

  /** The deadline's {@code timeout}, or an upload's own. */
  private static InterruptedIOException timedOut(Request request, boolean upload) {
    return upload
        ? new SocketTimeoutException(
            request
                + " was not taken and answered in time: the server stopped reading its body, or"
                + " did not answer it")
        : new InterruptedIOException("timeout");
  }

  /** Whether an answer of {@code code} to {@code request} has a body to read (RFC 9110, 6.4.1). */
  private static boolean hasBody(Request request, int code) {
    return !request.method().equals("HEAD") && code >= 200 && code != 204 && code != 304;
  }

  /**
   * How long a request's body may take to be sent and answered: the read timeout, plus one more for
   * every {@value #MIN_UPLOAD_BYTES_PER_TIMEOUT} bytes.
   */
  private long uploadBudgetNanos(RequestBody body) {
    return readTimeout
        .multipliedBy(1 + body.contentLength() / MIN_UPLOAD_BYTES_PER_TIMEOUT)
        .toNanos();
  }

  /** {@code timeout} in milliseconds, at most {@code leftNanos}, at least 1 (0 is no timeout). */
  private static int millis(Duration timeout, long leftNanos) {
    long ms = Math.min(timeout.toMillis(), TimeUnit.NANOSECONDS.toMillis(leftNanos));
    return (int) Math.max(1, Math.min(Integer.MAX_VALUE, ms));
  }
}
