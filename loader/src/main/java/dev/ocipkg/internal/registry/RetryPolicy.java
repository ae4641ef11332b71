package dev.ocipkg.internal.registry;

import dev.ocipkg.internal.config.LoaderConfig;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.concurrent.ThreadLocalRandom;
import org.jspecify.annotations.Nullable;

/**
 * When to try a request again and how long to wait: connection failures, 408, 429 and 5xx are
 * retried with exponential backoff and full jitter; a server's {@code Retry-After} (seconds or an
 * HTTP date) is honoured, capped so a hostile server cannot park the client.
 */
final class RetryPolicy {
  private final int maxAttempts;
  private final long baseMillis;
  private final long maxMillis;

  RetryPolicy(LoaderConfig config) {
    this(config.maxAttempts(), config.retryBaseDelay(), config.maxRetryDelay());
  }

  RetryPolicy(int maxAttempts, Duration base, Duration max) {
    this.maxAttempts = maxAttempts;
    this.baseMillis = base.toMillis();
    this.maxMillis = max.toMillis();
  }

  int maxAttempts() {
    return maxAttempts;
  }

  static boolean isRetryableStatus(int status) {
    return status == 408 || status == 429 || (status >= 500 && status <= 599 && status != 501);
  }

  /**
   * How long to wait before attempt {@code attempt + 1} (attempt counts from 1), given the
   * response's {@code Retry-After} header, if any.
   */
  long delayMillis(int attempt, @Nullable String retryAfter) {
    Long asked = parseRetryAfter(retryAfter);
    if (asked != null) {
      return Math.min(Math.max(asked, 0), maxMillis);
    }
    long ceiling = Math.min(maxMillis, baseMillis << Math.min(attempt - 1, 20));
    return ThreadLocalRandom.current().nextLong(ceiling / 2, ceiling + 1);
  }

  /** Milliseconds from a {@code Retry-After} value: delta-seconds or an HTTP date; else null. */
  static @Nullable Long parseRetryAfter(@Nullable String value) {
    if (value == null || value.isBlank()) {
      return null;
    }
    String v = value.trim();
    try {
      return Long.parseLong(v) * 1000;
    } catch (NumberFormatException notSeconds) {
      try {
        ZonedDateTime when = ZonedDateTime.parse(v, DateTimeFormatter.RFC_1123_DATE_TIME);
        return Duration.between(ZonedDateTime.now(when.getZone()), when).toMillis();
      } catch (DateTimeParseException notADate) {
        return null;
      }
    }
  }

  static void sleep(long millis) throws java.io.InterruptedIOException {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new java.io.InterruptedIOException("interrupted while waiting to retry");
    }
  }
}
