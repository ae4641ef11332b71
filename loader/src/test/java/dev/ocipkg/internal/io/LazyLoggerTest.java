package dev.ocipkg.internal.io;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import org.junit.jupiter.api.Test;

class LazyLoggerTest {
  /** What a lazily made logger logs reaches the back end's logger of the same name. */
  @Test
  void logsThroughTheLoggerSystemGetLoggerGives() {
    System.Logger lazy = LazyLogger.of(LazyLoggerTest.class);
    List<LogRecord> records;
    try (RecordedLogs logs = RecordedLogs.of(LazyLoggerTest.class.getName())) {
      logs.logger().setLevel(Level.ALL);
      lazy.log(System.Logger.Level.DEBUG, "fetched {0} of {1}", 3, "acme/libfoo");
      lazy.log(System.Logger.Level.WARNING, "gone", new IllegalStateException("boom"));
      records = logs.records();
    }

    assertThat(lazy.getName()).isEqualTo(LazyLoggerTest.class.getName());
    assertThat(lazy.isLoggable(System.Logger.Level.TRACE)).isTrue();
    assertThat(records).extracting(LogRecord::getLevel).containsExactly(Level.FINE, Level.WARNING);
    assertThat(records.get(0).getMessage()).isEqualTo("fetched {0} of {1}");
    assertThat(records.get(0).getParameters()).containsExactly(3, "acme/libfoo");
    assertThat(records.get(1).getThrown()).hasMessage("boom");
  }
}
