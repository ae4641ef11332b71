package dev.ocipkg.internal.io;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class ExpiringCacheTest {
  private final ManualTime time = new ManualTime();

  @Test
  void anEntryIsGoneOnceItsLifetimeHasPassedAndNotBefore() {
    ExpiringCache<String, String> cache =
        new ExpiringCache<>(v -> Duration.ofSeconds(v.length()), 10, time);
    cache.put("k", "three");

    time.advance(Duration.ofSeconds(4).plusNanos(999_999_999));
    assertThat(cache.getIfPresent("k")).isEqualTo("three");
    time.advance(Duration.ofNanos(1));
    assertThat(cache.getIfPresent("k")).isNull();
    assertThat(cache.size()).isZero();
  }

  @Test
  void aValueWithNoLifetimeIsNotKeptAndReplacesNothingStale() {
    ExpiringCache<String, String> cache =
        new ExpiringCache<>(v -> v.isEmpty() ? Duration.ZERO : Duration.ofMinutes(1), 10, time);
    cache.put("k", "kept");
    cache.put("k", "");

    assertThat(cache.getIfPresent("k")).isNull();
  }

  @Test
  void pastItsBoundExpiredEntriesGoFirstThenTheSoonestToExpire() {
    ExpiringCache<String, Integer> cache = new ExpiringCache<>(v -> Duration.ofSeconds(v), 3, time);
    cache.put("short", 1);
    cache.put("long", 100);
    cache.put("middle", 50);
    time.advance(Duration.ofSeconds(2)); // "short" has expired
    cache.put("new", 60);

    assertThat(cache.size()).isEqualTo(3);
    assertThat(cache.getIfPresent("long")).isEqualTo(100);
    assertThat(cache.getIfPresent("middle")).isEqualTo(50);

    cache.put("newer", 70);
    assertThat(cache.size()).isEqualTo(3);
    assertThat(cache.getIfPresent("middle")).as("the soonest to expire").isNull();
    assertThat(cache.getIfPresent("long")).isEqualTo(100);
    assertThat(cache.getIfPresent("newer")).isEqualTo(70);
  }

  @Test
  void aHugeLifetimeDoesNotOverflow() {
    ExpiringCache<String, String> cache =
        new ExpiringCache<>(v -> Duration.ofDays(365L * 10_000), 10, time);
    cache.put("k", "v");
    time.advance(Duration.ofDays(365L * 100));

    assertThat(cache.getIfPresent("k")).isEqualTo("v");
  }

  @Test
  void dropIfDropsOnlyWhatItIsToldIsWrong() {
    ExpiringCache<String, String> cache = new ExpiringCache<>(v -> Duration.ofMinutes(1), 10, time);
    cache.put("k", "v");
    cache.dropIf("k", v -> v.equals("other"));
    assertThat(cache.getIfPresent("k")).isEqualTo("v");
    cache.dropIf("k", v -> v.equals("v"));
    assertThat(cache.getIfPresent("k")).isNull();
  }
}
