package dev.ocipkg.internal.registry.credentials;

import dev.ocipkg.internal.io.LazyLogger;
import dev.ocipkg.internal.io.TimeSource;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * What {@link DockerCredentials} reads from the world: environment variables of other tools (the
 * credentials files' locations, {@code PATH} for helpers), the home directory, credentials given in
 * the configuration, the helper timeout, the clock and where warnings go: all of it from the
 * loader's configuration, the one place that reads the process's environment ({@link
 * DockerCredentials#of(Map, Function, Path, Duration, TimeSource)}); tests build their own, so that
 * no test reads the real home directory or runs a helper from the real {@code PATH}.
 */
final class Environment {
  private static final System.Logger LOG = LazyLogger.of(DockerCredentials.class);

  private final Function<String, @Nullable String> variables;
  private final @Nullable Path home;
  private final boolean windows;
  private final Map<String, Credential> explicit;
  private final Duration helperTimeout;
  private final Consumer<String> warnings;
  private final TimeSource time;

  /** The helper timeout of a test's environment; a loader's comes from its configuration. */
  static final Duration TEST_HELPER_TIMEOUT = Duration.ofSeconds(10);

  private Environment(Builder b) {
    Map<String, String> given = Map.copyOf(b.variables);
    this.variables = b.lookup != null ? b.lookup : given::get;
    this.home = b.home;
    this.windows = b.windows;
    this.explicit = Map.copyOf(b.explicit);
    this.helperTimeout = b.helperTimeout;
    this.warnings = b.warnings;
    this.time = b.time;
  }

  /** An environment that holds only what the builder is given (for tests). */
  static Builder builder(Path home) {
    return new Builder(home);
  }

  /** An environment variable; blank counts as unset. */
  @Nullable String variable(String name) {
    String value = variables.apply(name);
    return value == null || value.isBlank() ? null : value;
  }

  /** The home folder, or null where the environment is ignored (then no file under it is read). */
  @Nullable Path home() {
    return home;
  }

  boolean windows() {
    return windows;
  }

  Map<String, Credential> explicit() {
    return explicit;
  }

  Duration helperTimeout() {
    return helperTimeout;
  }

  void warn(String message) {
    warnings.accept(message);
  }

  /** The clock that answers expire by. */
  TimeSource time() {
    return time;
  }

  /**
   * Docker's {@code config.json}: {@code $DOCKER_CONFIG/config.json}, else under the home; null
   * where neither is known.
   */
  @Nullable Path dockerConfigJson() {
    String dir = variable("DOCKER_CONFIG");
    if (dir != null) {
      return Path.of(dir, "config.json");
    }
    return home == null ? null : home.resolve(".docker").resolve("config.json");
  }

  /** Builds a test {@link Environment}. */
  static final class Builder {
    private final Map<String, String> variables = new HashMap<>();
    private @Nullable Function<String, @Nullable String> lookup;
    private final @Nullable Path home;
    private boolean windows;
    private final Map<String, Credential> explicit = new LinkedHashMap<>();
    private Duration helperTimeout = TEST_HELPER_TIMEOUT;
    private Consumer<String> warnings = Environment::log;
    private TimeSource time = TimeSource.system();

    Builder(@Nullable Path home) {
      this.home = home;
    }

    /** Every variable from {@code lookup} (the configuration's), instead of single ones. */
    Builder variables(Function<String, @Nullable String> lookup) {
      this.lookup = lookup;
      return this;
    }

    Builder windows(boolean windows) {
      this.windows = windows;
      return this;
    }

    Builder variable(String name, String value) {
      variables.put(name, value);
      return this;
    }

    Builder explicit(String host, Credential credential) {
      explicit.put(host, credential);
      return this;
    }

    Builder helperTimeout(Duration timeout) {
      if (timeout.isNegative() || timeout.isZero()) {
        throw new IllegalArgumentException("helper timeout must be positive: " + timeout);
      }
      this.helperTimeout = timeout;
      return this;
    }

    Builder warnings(Consumer<String> sink) {
      this.warnings = sink;
      return this;
    }

    Builder time(TimeSource time) {
      this.time = time;
      return this;
    }

    Environment build() {
      return new Environment(this);
    }
  }

  private static void log(String message) {
    LOG.log(System.Logger.Level.WARNING, message);
  }
}
