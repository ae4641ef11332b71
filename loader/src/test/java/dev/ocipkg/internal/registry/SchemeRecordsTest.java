package dev.ocipkg.internal.registry;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ocipkg.internal.io.TimeSource;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SchemeRecordsTest {
  @TempDir Path cache;

  /** A time source whose wall clock stands at {@code instant}. */
  private static TimeSource at(Instant instant) {
    return new TimeSource() {
      @Override
      public long nanoTime() {
        return 0;
      }

      @Override
      public Instant now() {
        return instant;
      }
    };
  }

  @Test
  void aSchemeIsRememberedForItsTtlAcrossInstances() {
    Instant now = Instant.parse("2026-11-28T12:00:00Z");
    new SchemeRecords(cache, at(now)).remember("127.0.0.1:5000", "http");

    assertThat(new SchemeRecords(cache, at(now.plusSeconds(60))).remembered("127.0.0.1:5000"))
        .isEqualTo("http");
    assertThat(
            new SchemeRecords(cache, at(now.plus(SchemeRecords.TTL))).remembered("127.0.0.1:5000"))
        .as("stale")
        .isNull();
    assertThat(new SchemeRecords(cache, at(now)).remembered("127.0.0.1:5001")).isNull();
  }

  @Test
  void forgettingDropsTheEntryAndStaleEntriesArePrunedOnTheNextWrite() throws IOException {
    Instant now = Instant.parse("2026-11-28T12:00:00Z");
    SchemeRecords records = new SchemeRecords(cache, at(now));
    records.remember("a.lan", "https");
    records.remember("b.lan", "http");
    records.forget("a.lan");
    assertThat(records.remembered("a.lan")).isNull();
    assertThat(records.remembered("b.lan")).isEqualTo("http");

    new SchemeRecords(cache, at(now.plus(SchemeRecords.TTL).plus(Duration.ofMinutes(1))))
        .remember("c.lan", "https");

    assertThat(Files.readString(cache.resolve("hosts/schemes.properties")))
        .contains("c.lan")
        .doesNotContain("b.lan");
  }

  @Test
  void aDamagedFileIsAsIfEmptyAndIsReplaced() throws IOException {
    Path file = Files.createDirectories(cache.resolve("hosts")).resolve("schemes.properties");
    Files.writeString(file, "x.lan=gopher 12\ny.lan=http notanumber\n\\u00zz");
    SchemeRecords records = new SchemeRecords(cache, TimeSource.system());

    assertThat(records.remembered("x.lan")).isNull();
    assertThat(records.remembered("y.lan")).isNull();
    records.remember("z.lan", "http");
    assertThat(records.remembered("z.lan")).isEqualTo("http");
  }
}
