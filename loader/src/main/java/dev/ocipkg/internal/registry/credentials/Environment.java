package dev.ocipkg.internal.registry.credentials;

import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.LongSupplier;
import org.jspecify.annotations.Nullable;

/**
 * What {@link DockerCredentials} reads from the world: environment variables (including {@code
 * PATH} for helpers), system properties, the home directory, credentials given in code, the helper
 * timeout and where warnings go. {@link #system} is the real process; tests build their own, so
 * that no test reads the real home directory or runs a helper from the real {@code PATH}.
 */
final class Environment {
  private static final System.Logger LOG = System.getLogger(DockerCredentials.class.getName());

  private final Map<String, String> variables;
  private final Map<String, String> properties;
  private final boolean useSystem;
  private final Path home;
  private final boolean windows;
  private final Map<String, Credential> explicit;
  private final @Nullable Duration helperTimeout;
  private final Consumer<String> warnings;
  private final LongSupplier nanoTime;

  private Environment(Builder b, boolean useSystem) {
    this.variables = Map.copyOf(b.variables);
    this.properties = Map.copyOf(b.properties);
    this.useSystem = useSystem;
    this.home = b.home;
    this.windows = b.windows;
    this.explicit = Map.copyOf(b.explicit);
    this.helperTimeout = b.helperTimeout;
    this.warnings = b.warnings;
    this.nanoTime = b.nanoTime;
  }

  /**
   * The running process: {@link System#getenv}, {@link System#getProperties}, {@code user.home}.
   */
  static Environment system(Map<String, Credential> explicit, @Nullable Duration helperTimeout) {
    Builder b = new Builder(Path.of(System.getProperty("user.home", ".")));
    b.windows = System.getProperty("os.name", "").toLowerCase(Locale.ROOT).startsWith("windows");
    b.explicit.putAll(explicit);
    b.helperTimeout = helperTimeout;
    return new Environment(b, true);
  }

  /** An environment that holds only what the builder is given (for tests). */
  static Builder builder(Path home) {
    return new Builder(home);
  }

  /** An environment variable; blank counts as unset. */
  @Nullable String variable(String name) {
    String value = useSystem ? System.getenv(name) : variables.get(name);
    return value == null || value.isBlank() ? null : value;
  }

  /** A system property; blank counts as unset. */
  @Nullable String property(String name) {
    String value = useSystem ? System.getProperty(name) : properties.get(name);
    return value == null || value.isBlank() ? null : value;
  }

  Path home() {
    return home;
  }

  boolean windows() {
    return windows;
  }

  Map<String, Credential> explicit() {
    return explicit;
  }

  /** The helper timeout given in code, or null to read configuration. */
  @Nullable Duration helperTimeout() {
    return helperTimeout;
  }

  void warn(String message) {
    warnings.accept(message);
  }

  /** The monotonic clock that answers expire by: {@link System#nanoTime}, or a test's. */
  long nanoTime() {
    return nanoTime.getAsLong();
  }

  /** Docker's {@code config.json}: {@code $DOCKER_CONFIG/config.json}, else under the home. */
  Path dockerConfigJson() {
    String dir = variable("DOCKER_CONFIG");
    return dir != null
        ? Path.of(dir, "config.json")
        : home.resolve(".docker").resolve("config.json");
  }

  /** Builds a test {@link Environment}. */
  static final class Builder {
    private final Map<String, String> variables = new HashMap<>();
    private final Map<String, String> properties = new HashMap<>();
    private final Path home;
    private boolean windows;
    private final Map<String, Credential> explicit = new LinkedHashMap<>();
    private @Nullable Duration helperTimeout;
    private Consumer<String> warnings = Environment::log;
    private LongSupplier nanoTime = System::nanoTime;

    private Builder(Path home) {
      this.home = home;
    }

    Builder variable(String name, String value) {
      variables.put(name, value);
      return this;
    }

    Builder property(String name, String value) {
      properties.put(name, value);
      return this;
    }

    Builder explicit(String host, Credential credential) {
      explicit.put(host, credential);
      return this;
    }

    Builder helperTimeout(Duration timeout) {
      this.helperTimeout = timeout;
      return this;
    }

    Builder warnings(Consumer<String> sink) {
      this.warnings = sink;
      return this;
    }

    Builder nanoTime(LongSupplier clock) {
      this.nanoTime = clock;
      return this;
    }

    Environment build() {
      return new Environment(this, false);
    }
  }

  private static void log(String message) {
    LOG.log(System.Logger.Level.WARNING, message);
  }
}
