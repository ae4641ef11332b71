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
import java.util.Set;
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

  /**
   * The methods a request of which may go out twice (RFC 9110, 9.2.2): only these take idle
   * connections, and are sent again when one turns out closed. A POST or PATCH always goes on a new
   * connection.
   */
  private static final Set<String> IDEMPOTENT = Set.of("GET", "HEAD", "PUT", "DELETE", "OPTIONS");

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
    CutOff cut = new CutOff();
    Response response;
    try {
      response = exchange(request, bounded ? endNanos : null, coversBody, cut);
    } catch (IOException e) {
      cut.disarm();
      // the watchdog's close, seen by a read or write
      throw cut.fired() ? timedOut(request, cut.firedInUpload()) : e;
    } catch (Error e) {
      cut.disarm();
      throw e;
    } catch (RuntimeException e) {
      cut.disarm();
      if (cut.fired()) {
        throw timedOut(request, cut.firedInUpload());
      }
      throw new IOException(
          "could not send " + request + ": " + ForeignText.escape(String.valueOf(e)), e);
    }
    ExchangeStream body = (ExchangeStream) response.body().byteStream(); // as answer() made it
    if (!cut.disarm()) { // the headers are in; it fired as they came: the connection is closed
      body.abandon();
      throw timedOut(request, cut.firedInUpload());
    }
    if (bounded && coversBody) {
      body.closeAt(endNanos);
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
      Request request, @Nullable Long endNanos, boolean coversBody, CutOff cut) throws IOException {
    HttpUrl url = request.url();
    List<Proxy> proxies = Connector.proxiesFor(url);
    boolean retried = false;
    boolean idempotent = IDEMPOTENT.contains(request.method());
    while (true) {
      if (endNanos != null) {
        cut.armAt(endNanos, false); // connecting: the deadline, if any, and the connect timeout
      }
      long left = endNanos != null ? Math.max(1, endNanos - System.nanoTime()) : Long.MAX_VALUE;
      int readMillis = millis(readTimeout, coversBody ? left : Long.MAX_VALUE);
      // A request that may not go out twice goes on a new connection: an idle one that the server
      // closed meanwhile would fail it, with no second try.
      Connection c = retried || !idempotent ? null : idle(url, proxies);
      boolean reused = c != null;
      if (c == null) {
        c = connector.open(url, proxies, millis(connectTimeout, left), readMillis, cut);
      }
      cut.watch(c);
      long receivedBefore = c.in().received();
      try {
        c.readTimeout(readMillis);
        boolean uploading = armUpload(cut, request, endNanos);
        writeRequest(c.out(), request, c.viaHttpProxy());
        if (uploading) {
          // The body is out: its budget ends, and the answer has the deadline and the head's
          // bound, not what is left of a budget sized for the body.
          if (!cut.disarm()) {
            throw new SocketTimeoutException("upload budget spent");
          }
          if (endNanos != null) {
            cut.armAt(endNanos, false);
          }
        }
        return answer(c, request, readMillis, coversBody && endNanos != null ? endNanos : null);
      } catch (IOException | RuntimeException | Error e) {
        c.close();
        boolean closedByServer =
            e instanceof ResponseHead.NoAnswerException || e instanceof SocketException;
        if (reused
            && closedByServer
            && idempotent
            && c.in().received() == receivedBefore
            && !cut.fired()
            && !retried) {
          pool.evict(c.poolKey()); // the others may be closed too
          retried = true;
          cut.disarm(); // armed again for the new attempt
          continue;
        }
        throw e;
      }
    }
  }

  /**
   * Arms {@code cut} for the request's body, once connected: its upload budget, where that ends
   * before the deadline (a server that stops reading would hold the write without end: the read
   * timeout does not apply to writes). True where it did; the deadline stays armed where not.
   *
   * @throws SocketTimeoutException if the deadline passed meanwhile
   */
  private boolean armUpload(CutOff cut, Request request, @Nullable Long endNanos)
      throws SocketTimeoutException {
    RequestBody body = request.body();
    long uploadEnd = body == null ? Long.MAX_VALUE : System.nanoTime() + uploadBudgetNanos(body);
    if (body == null || (endNanos != null && uploadEnd - endNanos >= 0)) {
      return false;
    }
    if (!cut.disarm()) {
      throw new SocketTimeoutException("deadline passed");
    }
    cut.armAt(uploadEnd, true);
    return true;
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
   * Reads the final answer's head, after any interim ones, and frames its body. Each head is cut at
   * its first wait for more bytes once two read timeouts have passed since its start (so it has
   * three at most), as is the framing between chunks; with a {@code bodyEnd} ({@link
   * System#nanoTime}) no read of the body begins after that time.
   */
  private Response answer(Connection c, Request request, int readMillis, @Nullable Long bodyEnd)
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
    ExchangeStream stream = new ExchangeStream(c, body, reusable ? pool : null, bodyEnd);
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
            request + " was not taken in time: the server stopped reading its body")
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
