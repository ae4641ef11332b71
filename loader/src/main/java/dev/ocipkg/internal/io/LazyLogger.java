package dev.ocipkg.internal.io;

import java.util.ResourceBundle;

/**
 * A {@link System.Logger} that asks {@link System#getLogger} for the real one when something is
 * first logged or checked, not when it is made.
 *
 * <p>For a class outside the JDK, {@code System.getLogger} finds the logging back end at once: with
 * the default one, that sets up {@code java.util.logging} (its {@code LogManager}, its
 * configuration file, the root logger), 25-30 ms of a fresh JVM on a 2-core machine. A loader's
 * classes keep their loggers in static fields, so a cold load that logs nothing paid that. Made
 * this way, a load that logs nothing never touches the back end; one that does gets the same logger
 * {@code System.getLogger} would have given, with the caller's module the loader's.
 *
 * <p>A message below {@code INFO} (DEBUG, TRACE) that the default configuration would discard does
 * not set the back end up either: it is dropped unless debug messages are asked for ({@code
 * -Docipkg.log.debug=true} or {@code OCIPKG_LOG_DEBUG=true}), {@code java.util.logging} is
 * configured by its own properties ({@code java.util.logging.config.file} or {@code .class}), or
 * this logger has already set the back end up for a message of {@code INFO} or above. Without that,
 * every cold load from a registry with token auth paid 16-33 ms for one discarded "no credentials"
 * message.
 */
public final class LazyLogger implements System.Logger {
  /** Whether DEBUG and TRACE messages go to the back end even before it is set up. */
  static final boolean DEBUG_ASKED_FOR =
      "true".equalsIgnoreCase(System.getProperty("ocipkg.log.debug"))
          || "true".equalsIgnoreCase(System.getenv("OCIPKG_LOG_DEBUG"))
          || System.getProperty("java.util.logging.config.file") != null
          || System.getProperty("java.util.logging.config.class") != null;

  private final String name;
  private volatile System.Logger delegate;

  private LazyLogger(String name) {
    this.name = name;
  }

  /** A logger named after {@code owner}, as {@code System.getLogger(owner.getName())} would be. */
  public static System.Logger of(Class<?> owner) {
    return new LazyLogger(owner.getName());
  }

  @Override
  public String getName() {
    return name;
  }

  @Override
  public boolean isLoggable(Level level) {
    return passes(level) && delegate().isLoggable(level);
  }

  @Override
  public void log(Level level, ResourceBundle bundle, String message, Throwable thrown) {
    if (passes(level)) {
      delegate().log(level, bundle, message, thrown);
    }
  }

  @Override
  public void log(Level level, ResourceBundle bundle, String format, Object... params) {
    if (passes(level)) {
      delegate().log(level, bundle, format, params);
    }
  }

  /** Whether this logger has set the back end up (asked {@code System.getLogger} for its own). */
  boolean madeBackEnd() {
    return delegate != null;
  }

  /** Whether a message at {@code level} goes to the back end (see the class comment). */
  private boolean passes(Level level) {
    return level.getSeverity() >= Level.INFO.getSeverity() || delegate != null || DEBUG_ASKED_FOR;
  }

  private System.Logger delegate() {
    System.Logger logger = delegate;
    if (logger == null) {
      // racing threads may each ask; the back end gives them the same logger
      logger = System.getLogger(name);
      delegate = logger;
    }
    return logger;
  }
}
