package dev.ocipkg.internal.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

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
      lazy.log(System.Logger.Level.WARNING, "gone", new IllegalStateException("boom"));
      lazy.log(System.Logger.Level.DEBUG, "fetched {0} of {1}", 3, "acme/libfoo");
      records = logs.records();
    }

    assertThat(lazy.getName()).isEqualTo(LazyLoggerTest.class.getName());
    assertThat(lazy.isLoggable(System.Logger.Level.TRACE)).isTrue();
    assertThat(records).extracting(LogRecord::getLevel).containsExactly(Level.WARNING, Level.FINE);
    assertThat(records.get(0).getThrown()).hasMessage("boom");
    assertThat(records.get(1).getMessage()).isEqualTo("fetched {0} of {1}");
    assertThat(records.get(1).getParameters()).containsExactly(3, "acme/libfoo");
  }

  /**
   * A debug message that nothing asked for is dropped before the back end is set up: setting it up
   * costs a fresh JVM 16-33 ms, for a message the default configuration discards.
   */
  @Test
  void aDebugMessageNobodyAskedForDoesNotSetUpTheBackEnd() {
    assumeFalse(LazyLogger.DEBUG_ASKED_FOR, "this JVM asks for debug messages");
    LazyLogger lazy = (LazyLogger) LazyLogger.of(LazyLoggerTest.class);
    List<LogRecord> records;
    try (RecordedLogs logs = RecordedLogs.of(LazyLoggerTest.class.getName())) {
      logs.logger().setLevel(Level.ALL);
      lazy.log(System.Logger.Level.DEBUG, "no credentials for {0}", "ghcr.io");
      lazy.log(System.Logger.Level.TRACE, "detail");
      assertThat(lazy.isLoggable(System.Logger.Level.DEBUG)).isFalse();
      assertThat(lazy.madeBackEnd()).isFalse();
      lazy.log(System.Logger.Level.INFO, "now");
      records = logs.records();
    }

    assertThat(lazy.madeBackEnd()).isTrue();
    assertThat(records).extracting(LogRecord::getMessage).containsExactly("now");
  }
}
