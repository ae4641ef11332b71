package dev.ocipkg.internal.io;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/**
 * What is logged to one {@code java.util.logging} logger (and those below it) while this is open;
 * closing it detaches it. For tests of what the loader logs, and of what it must not.
 */
final class RecordedLogs extends Handler implements AutoCloseable {
  private final Logger logger; // held: an unreferenced logger may be collected with its handler
  private final List<LogRecord> records = new CopyOnWriteArrayList<>();

  private RecordedLogs(Logger logger) {
    this.logger = logger;
  }

  /** Starts recording what {@code loggerName} logs. */
  static RecordedLogs of(String loggerName) {
    RecordedLogs logs = new RecordedLogs(Logger.getLogger(loggerName));
    logs.logger.addHandler(logs);
    return logs;
  }

  Logger logger() {
    return logger;
  }

  List<LogRecord> records() {
    return records;
  }

  @Override
  public void publish(LogRecord record) {
    records.add(record);
  }

  @Override
  public void flush() {}

  @Override
  public void close() {
    logger.removeHandler(this);
  }
}
