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
 */
public final class LazyLogger implements System.Logger {
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
    return delegate().isLoggable(level);
  }

  @Override
  public void log(Level level, ResourceBundle bundle, String message, Throwable thrown) {
    delegate().log(level, bundle, message, thrown);
  }

  @Override
  public void log(Level level, ResourceBundle bundle, String format, Object... params) {
    delegate().log(level, bundle, format, params);
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
