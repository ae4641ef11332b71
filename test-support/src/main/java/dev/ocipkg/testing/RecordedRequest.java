package dev.ocipkg.testing;

import java.net.http.HttpHeaders;
import java.time.Instant;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * One request as {@link FaultProxy} received it from a client, recorded when its head arrived —
 * before it was forwarded or faulted, so a stalled or cut request is here too.
 *
 * @param target the request target as sent: path plus query string, still URL-encoded
 * @param headers every header field as sent, {@code Authorization} and {@code Range} included;
 *     lookups ignore case
 * @param connection which client connection carried it, numbered from 1 per proxy: requests that
 *     share a number came over one kept-alive connection
 * @param fault the fault applied to it, or null when it was forwarded as it was
 */
public record RecordedRequest(
    String method,
    String target,
    HttpHeaders headers,
    Instant time,
    int connection,
    @Nullable Fault fault) {

  /** The path without the query string. */
  public String path() {
    return FaultProxy.pathOf(target);
  }

  /** The first value of header {@code name}, in any case. */
  public Optional<String> header(String name) {
    return headers.firstValue(name);
  }

  @Override
  public String toString() {
    return method
        + " "
        + target
        + " #"
        + connection
        + headers.firstValue("Range").map(r -> " Range: " + r).orElse("")
        + (fault == null ? "" : " [" + fault + "]");
  }
}
