package dev.ocipkg.internal.registry;

import dev.ocipkg.internal.http.HttpExchanges;
import dev.ocipkg.internal.http.Request;
import dev.ocipkg.internal.http.Response;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * The whole-call deadline of a request: the read timeout alone is per read, so a server sending one
 * byte every 29 s would never end. For a small document (a manifest, a token, a tag list) it covers
 * everything up to the last byte of the body; for a blob only the wait for the headers (its body
 * falls under the stall rule). Retries and redirects share the one deadline, fixed when the request
 * was first made; it travels with the request as a tag.
 */
final class Deadline {
  private final long endNanos;
  private final Duration budget;
  private final boolean coversBody;

  private Deadline(long endNanos, Duration budget, boolean coversBody) {
    this.endNanos = endNanos;
    this.budget = budget;
    this.coversBody = coversBody;
  }

  /** A deadline {@code budget} from now, for the body too or for the headers only. */
  static Deadline after(Duration budget, boolean coversBody) {
    return new Deadline(System.nanoTime() + budget.toNanos(), budget, coversBody);
  }

  boolean expired() {
    return System.nanoTime() - endNanos >= 0;
  }

  long remainingMillis() {
    return Math.max(0, TimeUnit.NANOSECONDS.toMillis(endNanos - System.nanoTime()));
  }

  /** One exchange of {@code request} on {@code http}, bounded by what is left of this deadline. */
  Response exchange(HttpExchanges http, Request request) throws IOException {
    return http.execute(request, endNanos, coversBody);
  }

  /** The failure that says {@code what} from {@code host} did not arrive in time. */
  DeadlineExceededException exceeded(String what, String host, IOException cause) {
    return new DeadlineExceededException(
        what
            + " from "
            + host
            + " did not arrive within "
            + seconds(budget)
            + " (ocipkg.document.timeout): the server is too slow, or stalls on purpose",
        cause);
  }

  /** {@code e}, or the deadline's own failure where running out of time is what ended it. */
  IOException explain(IOException e, String what, String host) {
    if (e instanceof DeadlineExceededException) {
      return e;
    }
    if (expired() || (e instanceof InterruptedIOException && "timeout".equals(e.getMessage()))) {
      return exceeded(what, host, e);
    }
    return e;
  }

  private static String seconds(Duration d) {
    long millis = d.toMillis();
    return millis % 1000 == 0 ? millis / 1000 + " s" : millis + " ms";
  }
}
