package dev.ocipkg.internal.registry;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import org.junit.jupiter.api.Test;

class RetryPolicyTest {
  private final RetryPolicy policy =
      new RetryPolicy(5, Duration.ofMillis(100), Duration.ofSeconds(10));

  @Test
  void retriesTimeoutsRateLimitsAndServerErrorsOnly() {
    assertThat(RetryPolicy.isRetryableStatus(408)).isTrue();
    assertThat(RetryPolicy.isRetryableStatus(429)).isTrue();
    assertThat(RetryPolicy.isRetryableStatus(500)).isTrue();
    assertThat(RetryPolicy.isRetryableStatus(503)).isTrue();
    assertThat(RetryPolicy.isRetryableStatus(501)).isFalse();
    assertThat(RetryPolicy.isRetryableStatus(401)).isFalse();
    assertThat(RetryPolicy.isRetryableStatus(404)).isFalse();
  }

  @Test
  void honoursRetryAfterInSecondsAndAsADateCapped() {
    assertThat(policy.delayMillis(1, "2")).isEqualTo(2000);
    // The date has whole seconds; nine of them leave room for a loaded machine's pauses.
    String inNineSeconds =
        DateTimeFormatter.RFC_1123_DATE_TIME.format(
            ZonedDateTime.now(ZoneOffset.UTC).plusSeconds(9));
    assertThat(policy.delayMillis(1, inNineSeconds)).isBetween(1000L, 9000L);
    assertThat(policy.delayMillis(1, "3600")).isEqualTo(10_000); // capped
    assertThat(policy.delayMillis(1, "-5")).isZero();
  }

  @Test
  void backsOffExponentiallyWithJitterWithoutRetryAfter() {
    for (int i = 0; i < 50; i++) {
      assertThat(policy.delayMillis(1, null)).isBetween(50L, 100L);
      assertThat(policy.delayMillis(3, "not a number or date")).isBetween(200L, 400L);
      assertThat(policy.delayMillis(20, null)).isBetween(5000L, 10_000L);
    }
  }
}
