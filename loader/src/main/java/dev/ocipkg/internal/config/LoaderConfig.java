package dev.ocipkg.internal.config;

import dev.ocipkg.LoadListener;
import dev.ocipkg.Platform;
import dev.ocipkg.internal.io.ForeignText;
import dev.ocipkg.internal.io.TimeSource;
import dev.ocipkg.internal.registry.credentials.Credential;
import dev.ocipkg.internal.registry.credentials.DockerCredentials;
import java.io.File;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * The loader's immutable configuration. Defaults come from system properties and the environment,
 * the property winning ({@code ocipkg.cache.dir} / {@code OCIPKG_CACHE_DIR} and so on); a bad value
 * fails with the key and the value quoted.
 */
public final class LoaderConfig {
  public static final Duration DEFAULT_TAG_TTL = Duration.ofHours(1);
  public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(10);
  public static final Duration DEFAULT_READ_TIMEOUT = Duration.ofSeconds(30);
  public static final Duration DEFAULT_DOCUMENT_TIMEOUT = Duration.ofSeconds(60);

  /**
   * Defined here, not taken from the credentials chain: naming that class would load it (and its
   * logger) on the warm path, which never asks for credentials.
   */
  public static final Duration DEFAULT_CREDENTIAL_HELPER_TIMEOUT = Duration.ofSeconds(10);

  public static final long DEFAULT_MAX_PACKAGE_BYTES = 4L << 30;
  public static final int DEFAULT_MAX_ATTEMPTS = 5;
  public static final int DEFAULT_PARALLEL_DOWNLOADS = 4; // go-containerregistry's default
  public static final int MAX_PARALLEL_DOWNLOADS = 16;
  public static final Duration DEFAULT_RETRY_BASE_DELAY = Duration.ofMillis(200);
  public static final Duration DEFAULT_MAX_RETRY_DELAY = Duration.ofSeconds(30);

  private final Path cacheDir;
  private final boolean perUserCacheDir;
  private final List<Path> readOnlyCaches;
  private final boolean offline;
  private final Duration tagTtl;
  private final @Nullable Platform platform;
  private final Map<String, List<String>> mirrors;
  private final Set<String> insecureHosts;
  private final @Nullable Path caCertificates;
  private final @Nullable Path policy;
  private final @Nullable Path lockFile;
  private final Duration connectTimeout;
  private final Duration readTimeout;
  private final Duration documentTimeout;
  private final long maxPackageBytes;
  private final int maxAttempts;
  private final int parallelDownloads;
  private final Duration retryBaseDelay;
  private final Duration maxRetryDelay;
  private final Map<String, Credential> credentials;
  private final @Nullable TimeSource time;
  private final @Nullable LoadListener listener;
  private final @Nullable Lookup variables;
  private final @Nullable Path home;
  private final Duration credentialHelperTimeout;

  private LoaderConfig(Builder b) {
    this.cacheDir = b.cacheDir != null ? b.cacheDir : defaultCacheDir(SystemLookup.ENVIRONMENT);
    this.perUserCacheDir = b.cacheDir == null || b.perUserCacheDir;
    this.readOnlyCaches = List.copyOf(b.readOnlyCaches);
    this.offline = b.offline;
    this.tagTtl = b.tagTtl;
    this.platform = b.platform;
    this.mirrors = b.mirrors.isEmpty() ? Map.of() : copyOfMirrors(b.mirrors);
    this.insecureHosts = Set.copyOf(b.insecureHosts);
    this.caCertificates = b.caCertificates;
    this.policy = b.policy;
    this.lockFile = b.lockFile;
    this.connectTimeout = b.connectTimeout;
    this.readTimeout = b.readTimeout;
    this.documentTimeout = b.documentTimeout;
    this.maxPackageBytes = b.maxPackageBytes;
    this.maxAttempts = b.maxAttempts;
    this.parallelDownloads = b.parallelDownloads;
    this.retryBaseDelay = b.retryBaseDelay;
    this.maxRetryDelay = b.maxRetryDelay;
    this.credentials = Map.copyOf(b.credentials);
    this.time = b.time;
    this.listener = b.listener;
    this.variables = b.variables;
    this.home = b.home;
    this.credentialHelperTimeout = b.credentialHelperTimeout;
  }

  private static Map<String, List<String>> copyOfMirrors(Map<String, List<String>> mirrors) {
    Map<String, List<String>> m = new LinkedHashMap<>();
    for (Map.Entry<String, List<String>> e : mirrors.entrySet()) {
      m.put(e.getKey(), List.copyOf(e.getValue()));
    }
    return Map.copyOf(m);
  }

  /** A builder holding everything this configuration holds, to make a variant of it. */
  public Builder toBuilder() {
    Builder c = new Builder();
    c.cacheDir = cacheDir;
    c.perUserCacheDir = perUserCacheDir;
    c.readOnlyCaches.addAll(readOnlyCaches);
    c.offline = offline;
    c.tagTtl = tagTtl;
    c.platform = platform;
    for (Map.Entry<String, List<String>> e : mirrors.entrySet()) {
      c.mirrors.put(e.getKey(), new ArrayList<>(e.getValue()));
    }
    c.insecureHosts.addAll(insecureHosts);
    c.caCertificates = caCertificates;
    c.policy = policy;
    c.lockFile = lockFile;
    c.connectTimeout = connectTimeout;
    c.readTimeout = readTimeout;
    c.documentTimeout = documentTimeout;
    c.maxPackageBytes = maxPackageBytes;
    c.maxAttempts = maxAttempts;
    c.parallelDownloads = parallelDownloads;
    c.retryBaseDelay = retryBaseDelay;
    c.maxRetryDelay = maxRetryDelay;
    c.credentials.putAll(credentials);
    c.time = time;
    c.listener = listener;
    c.variables = variables;
    c.home = home;
    c.credentialHelperTimeout = credentialHelperTimeout;
    return c;
  }

  /** A builder with every default, ignoring system properties and the environment. */
  public static Builder builder() {
    return new Builder();
  }

  /** A builder preset from system properties and the environment. */
  public static Builder fromEnvironment() {
    return fromSources(SystemLookup.PROPERTIES, SystemLookup.ENVIRONMENT);
  }

  /** Reads a named value: a system property or an environment variable. */
  public interface Lookup {
    @Nullable String get(String name);
  }

  /**
   * The system properties or the environment: one named class for both, not method references or
   * one class each, since this runs on the warm path, where the first lambda of a JVM costs
   * milliseconds and each class loaded counts.
   */
  private static final class SystemLookup implements Lookup {
    static final SystemLookup PROPERTIES = new SystemLookup(false);
    static final SystemLookup ENVIRONMENT = new SystemLookup(true);

    private final boolean environment;

    private SystemLookup(boolean environment) {
      this.environment = environment;
    }

    @Override
    public @Nullable String get(String name) {
      return environment ? System.getenv(name) : System.getProperty(name);
    }
  }

  /** As {@link #fromEnvironment()}, reading the given sources (for tests). */
  static Builder fromSources(Lookup properties, Lookup env) {
    Builder b = new Builder();
    b.variables = env;
    String home = properties.get("user.home");
    b.home = home == null || home.isBlank() ? null : Path.of(home);
    // Values are read here; a Setting, which parses and refuses them, is made only for a value
    // that needs it: most loads set none, and the warm path loads no class it does not use.
    String cache = setting(properties, env, "ocipkg.cache.dir", "OCIPKG_CACHE_DIR");
    b.cacheDir = cache != null ? Path.of(cache) : defaultCacheDir(env);
    b.perUserCacheDir = cache == null;
    String readOnly = setting(properties, env, "ocipkg.cache.readonly", "OCIPKG_CACHE_READONLY");
    if (readOnly != null) {
      parseReadOnlyCaches(new Setting(properties, env), readOnly, b);
    }
    String offline = setting(properties, env, "ocipkg.offline", "OCIPKG_OFFLINE");
    if (offline != null) {
      b.offline = new Setting(properties, env).bool("ocipkg.offline", offline);
    }
    String ttl = setting(properties, env, "ocipkg.tag.ttl", "OCIPKG_TAG_TTL");
    if (ttl != null) {
      b.tagTtl = new Setting(properties, env).duration("ocipkg.tag.ttl", ttl);
    }
    String platform = setting(properties, env, "ocipkg.platform", "OCIPKG_PLATFORM");
    if (platform != null) {
      try {
        b.platform = Platform.parse(platform);
      } catch (IllegalArgumentException e) {
        throw new Setting(properties, env)
            .invalid("ocipkg.platform", platform, "expected os/arch[/variant], e.g. linux/arm64");
      }
    }
    String mirrors = setting(properties, env, "ocipkg.mirrors", "OCIPKG_MIRRORS");
    if (mirrors != null) {
      parseMirrors(new Setting(properties, env), mirrors, b);
    }
    String insecure = setting(properties, env, "ocipkg.insecure", "OCIPKG_INSECURE");
    if (insecure != null) {
      for (String host : insecure.split(",")) {
        if (!host.isBlank()) {
          b.insecureHosts.add(host.trim().toLowerCase(Locale.ROOT));
        }
      }
    }
    String ca = setting(properties, env, "ocipkg.ca.file", "OCIPKG_CA_FILE");
    if (ca != null) {
      b.caCertificates = Path.of(ca);
    }
    String policy = setting(properties, env, "ocipkg.policy", "OCIPKG_POLICY");
    if (policy != null && !policy.isBlank()) {
      b.policy = Path.of(policy);
    }
    String lock = setting(properties, env, "ocipkg.lock.file", "OCIPKG_LOCK_FILE");
    if (lock != null && !lock.isBlank()) {
      try {
        b.lockFile = Path.of(lock);
      } catch (InvalidPathException e) {
        throw new Setting(properties, env)
            .invalid("ocipkg.lock.file", lock, "expected the path of a lock file");
      }
    }
    String retries = setting(properties, env, "ocipkg.retries", "OCIPKG_RETRIES");
    if (retries != null) {
      try {
        b.maxAttempts(Integer.parseInt(retries) + 1);
      } catch (IllegalArgumentException e) {
        throw new Setting(properties, env)
            .invalid("ocipkg.retries", retries, "expected a number of retries from 0 to 20");
      }
    }
    String downloads = setting(properties, env, "ocipkg.downloads", "OCIPKG_DOWNLOADS");
    if (downloads != null) {
      try {
        b.parallelDownloads(Integer.parseInt(downloads));
      } catch (IllegalArgumentException e) {
        throw new Setting(properties, env)
            .invalid(
                "ocipkg.downloads",
                downloads,
                "expected how many layers to download at once, from 1 to "
                    + MAX_PARALLEL_DOWNLOADS);
      }
    }
    String connect = setting(properties, env, "ocipkg.connect.timeout", "OCIPKG_CONNECT_TIMEOUT");
    if (connect != null) {
      b.connectTimeout = new Setting(properties, env).timeout("ocipkg.connect.timeout", connect);
    }
    readCredentials(properties, env, b);
    String helperTimeout =
        setting(
            properties,
            env,
            "ocipkg.credentials.helper.timeout",
            "OCIPKG_CREDENTIALS_HELPER_TIMEOUT");
    if (helperTimeout != null) {
      b.credentialHelperTimeout =
          new Setting(properties, env).timeout("ocipkg.credentials.helper.timeout", helperTimeout);
    }
    String read = setting(properties, env, "ocipkg.read.timeout", "OCIPKG_READ_TIMEOUT");
    if (read != null) {
      b.readTimeout = new Setting(properties, env).timeout("ocipkg.read.timeout", read);
    }
    String document =
        setting(properties, env, "ocipkg.document.timeout", "OCIPKG_DOCUMENT_TIMEOUT");
    if (document != null) {
      b.documentTimeout = new Setting(properties, env).timeout("ocipkg.document.timeout", document);
    }
    return b;
  }

  /** A setting's value: the system property, else the environment variable; blank is unset. */
  private static @Nullable String setting(
      Lookup properties, Lookup env, String property, String variable) {
    String value = properties.get(property);
    if (value == null || value.isBlank()) {
      value = env.get(variable);
    }
    return value == null || value.isBlank() ? null : value.trim();
  }

  /**
   * {@code ocipkg.credentials} / {@code OCIPKG_CREDENTIALS}: {@code host=user:password[,…]}, the
   * property replacing the variable as a whole. Read raw, not trimmed: a password may begin or end
   * with a space. Credentials given to the builder later replace these host by host.
   */
  private static void readCredentials(Lookup properties, Lookup env, Builder b) {
    String key = "ocipkg.credentials";
    String text = properties.get(key);
    if (text == null || text.isBlank()) {
      key = "OCIPKG_CREDENTIALS";
      text = env.get(key);
    }
    if (text != null && !text.isBlank()) {
      b.credentials.putAll(DockerCredentials.parseExplicit(key, text));
    }
  }

  /**
   * {@code registry=mirror[|mirror...][,registry=...]}, e.g. {@code
   * ghcr.io=127.0.0.1:5000|mirror.local}.
   */
  private static void parseMirrors(Setting s, String text, Builder b) {
    for (String entry : text.split(",")) {
      if (entry.isBlank()) {
        continue;
      }
      int eq = entry.indexOf('=');
      if (eq <= 0 || eq == entry.length() - 1) {
        throw s.invalid(
            "ocipkg.mirrors",
            text,
            "expected registry=mirror[|mirror],... e.g. ghcr.io=127.0.0.1:5000");
      }
      String registry = entry.substring(0, eq).trim();
      for (String mirror : entry.substring(eq + 1).split("\\|")) {
        if (!mirror.isBlank()) {
          b.mirror(registry, mirror.trim());
        }
      }
    }
  }

  /**
   * A list of folders separated by the platform's path separator ({@code :}, or {@code ;} on
   * Windows), as {@code PATH} is. Absolute only: a relative folder would depend on where the JVM
   * was started, which a cache baked into an image cannot know. Empty entries are skipped.
   */
  private static void parseReadOnlyCaches(Setting s, String text, Builder b) {
    for (String entry : text.split(File.pathSeparator)) {
      if (entry.isBlank()) {
        continue;
      }
      String folder = entry.trim();
      boolean absolute;
      try {
        absolute = Path.of(folder).isAbsolute();
      } catch (InvalidPathException e) {
        absolute = false;
      }
      if (!absolute) {
        throw s.invalid(
            "ocipkg.cache.readonly",
            text,
            "expected absolute folders separated by \""
                + File.pathSeparator
                + "\", e.g. /usr/share/ocipkg; \""
                + ForeignText.escape(folder)
                + "\" is not one");
      }
      b.readOnlyCache(Path.of(folder));
    }
  }

  static Path defaultCacheDir(Lookup env) {
    String os = System.getProperty("os.name", "").toLowerCase(Locale.ROOT);
    String home = System.getProperty("user.home");
    if (os.startsWith("windows")) {
      String local = env.get("LOCALAPPDATA");
      return local != null
          ? Path.of(local, "ocipkg", "cache")
          : Path.of(home, "AppData", "Local", "ocipkg", "cache");
    }
    if (os.startsWith("mac")) {
      return Path.of(home, "Library", "Caches", "ocipkg");
    }
    String xdg = env.get("XDG_CACHE_HOME");
    return xdg != null && !xdg.isBlank()
        ? Path.of(xdg, "ocipkg")
        : Path.of(home, ".cache", "ocipkg");
  }

  public Path cacheDir() {
    return cacheDir;
  }

  /**
   * Whether {@link #cacheDir()} is the per-user default (no {@code ocipkg.cache.dir} set): then it
   * is created private to this user and refused if anyone else may write it; a folder named
   * explicitly may be shared by a group.
   */
  public boolean perUserCacheDir() {
    return perUserCacheDir;
  }

  /**
   * Caches searched before {@link #cacheDir()}, in order, and never written: a warm hit in one of
   * them is served from there; anything else goes to the writable cache.
   */
  public List<Path> readOnlyCaches() {
    return readOnlyCaches;
  }

  public boolean offline() {
    return offline;
  }

  public Duration tagTtl() {
    return tagTtl;
  }

  /** The platform asked for, or null for the host's own. */
  public @Nullable Platform platform() {
    return platform;
  }

  /** The mirrors of {@code registry}, in the order to try them; empty if none. */
  public List<String> mirrorsOf(String registry) {
    return mirrors.getOrDefault(registry, List.of());
  }

  /** Whether plain http may be used for {@code host} (loopback hosts always may). */
  public boolean isInsecure(String host) {
    return insecureHosts.contains(host.toLowerCase(Locale.ROOT));
  }

  /** A PEM bundle of extra trusted CA certificates, or null. */
  public @Nullable Path caCertificates() {
    return caCertificates;
  }

  /**
   * The trust policy file (containers-policy.json format) that every package must satisfy before it
   * is extracted, or null for none: then nothing is verified and no trust class is loaded.
   */
  public @Nullable Path policy() {
    return policy;
  }

  /**
   * The lock file whose pins win over what tags name now ({@code ocipkg.lock.file} / {@code
   * OCIPKG_LOCK_FILE}), or null for none; {@code META-INF/ocipkg.lock} on the class path counts
   * whatever this is.
   */
  public @Nullable Path lockFile() {
    return lockFile;
  }

  public Duration connectTimeout() {
    return connectTimeout;
  }

  /**
   * The longest wait for the next bytes of a response; for a blob also the stall rule's window (a
   * download that moves too little in this time is cut and resumed).
   */
  public Duration readTimeout() {
    return readTimeout;
  }

  /**
   * The most that a small document (a manifest, a token, a tag list, an error body) may take, from
   * the first request to its last byte, retries and redirects included.
   */
  public Duration documentTimeout() {
    return documentTimeout;
  }

  /** The most bytes one package may extract to: a guard against decompression bombs. */
  public long maxPackageBytes() {
    return maxPackageBytes;
  }

  /** How many times a request is tried in all (first try included) before giving up. */
  public int maxAttempts() {
    return maxAttempts;
  }

  /**
   * How many layers of one package download at once: the one being extracted and the later ones,
   * which go to the store first. 1 downloads and extracts one layer after the other, all on the
   * calling thread; above 1 each layer is also read and decompressed on a thread of its own while
   * the calling thread writes its files.
   */
  public int parallelDownloads() {
    return parallelDownloads;
  }

  /** The first retry waits about this long; each later one twice as long, with jitter. */
  public Duration retryBaseDelay() {
    return retryBaseDelay;
  }

  /** The longest wait between tries, also the cap on a server's {@code Retry-After}. */
  public Duration maxRetryDelay() {
    return maxRetryDelay;
  }

  /**
   * Credentials given in code, by registry host. They come before {@code ocipkg.credentials} and
   * the credentials files (which {@code DockerCredentials} reads).
   */
  public Map<String, Credential> credentials() {
    return credentials;
  }

  /**
   * An environment variable of the environment this configuration was read from (other tools'
   * settings: {@code DOCKER_CONFIG}, {@code REGISTRY_AUTH_FILE}, {@code PATH} for credential
   * helpers); none for a configuration built to ignore the environment. Blank is unset.
   */
  public @Nullable String variable(String name) {
    String value = variables != null ? variables.get(name) : null;
    return value == null || value.isBlank() ? null : value;
  }

  /** The user's home folder, or null for a configuration built to ignore the environment. */
  public @Nullable Path home() {
    return home;
  }

  /** How long a credential helper may take to answer (default 10 s). */
  public Duration credentialHelperTimeout() {
    return credentialHelperTimeout;
  }

  /**
   * What the loader reports as it works; null (or {@link LoadListener#NONE}) where nobody listens.
   * Null by default, so that a load with no listener loads no listener class.
   */
  public @Nullable LoadListener listener() {
    return listener;
  }

  /**
   * The clocks everything that expires or is recorded with a time goes by: the system's unless one
   * was given, named only when asked for (a digest-pinned warm load never asks).
   */
  public TimeSource time() {
    return time != null ? time : TimeSource.system();
  }

  /**
   * Parses and refuses the values of settings: made only for a value that needs parsing, so that a
   * load with no such setting loads neither it nor the date-time parser's exceptions.
   */
  private static final class Setting {
    private final Lookup properties;
    private final Lookup env;

    Setting(Lookup properties, Lookup env) {
      this.properties = properties;
      this.env = env;
    }

    boolean bool(String key, String value) {
      switch (value.toLowerCase(Locale.ROOT)) {
        case "true":
        case "1":
        case "yes":
          return true;
        case "false":
        case "0":
        case "no":
          return false;
        default:
          throw invalid(key, value, "expected true or false");
      }
    }

    Duration duration(String key, String value) {
      try {
        Duration d = Duration.parse(value);
        if (d.isNegative()) {
          throw invalid(key, value, "a duration cannot be negative");
        }
        return d;
      } catch (DateTimeParseException e) {
        throw invalid(key, value, "expected an ISO-8601 duration such as PT1H or PT30S");
      }
    }

    /** A duration that must be longer than zero: a zero timeout would mean no timeout at all. */
    Duration timeout(String key, String value) {
      Duration d = duration(key, value);
      if (d.isZero()) {
        throw invalid(
            key, value, "a timeout must be longer than zero (zero would turn it off); e.g. PT30S");
      }
      return d;
    }

    /**
     * Names the environment variable where the value came from one (the property was unset: each
     * variable is its property in upper case, dots as underscores), else the property.
     */
    IllegalArgumentException invalid(String key, String value, String expected) {
      String property = properties.get(key);
      String source =
          property == null || property.isBlank()
              ? "the environment variable " + key.toUpperCase(Locale.ROOT).replace('.', '_')
              : key;
      return new IllegalArgumentException(
          "invalid value \"" + ForeignText.escape(value) + "\" for " + source + ": " + expected);
    }
  }

  /** Builds a {@link LoaderConfig}. */
  public static final class Builder {
    private @Nullable Path cacheDir;
    private boolean perUserCacheDir;
    private final List<Path> readOnlyCaches = new ArrayList<>();
    private boolean offline;
    private Duration tagTtl = DEFAULT_TAG_TTL;
    private @Nullable Platform platform;
    private final Map<String, List<String>> mirrors = new LinkedHashMap<>();
    private final Set<String> insecureHosts = new LinkedHashSet<>();
    private @Nullable Path caCertificates;
    private @Nullable Path policy;
    private @Nullable Path lockFile;
    private Duration connectTimeout = DEFAULT_CONNECT_TIMEOUT;
    private Duration readTimeout = DEFAULT_READ_TIMEOUT;
    private Duration documentTimeout = DEFAULT_DOCUMENT_TIMEOUT;
    private long maxPackageBytes = DEFAULT_MAX_PACKAGE_BYTES;
    private int maxAttempts = DEFAULT_MAX_ATTEMPTS;
    private int parallelDownloads = DEFAULT_PARALLEL_DOWNLOADS;
    private Duration retryBaseDelay = DEFAULT_RETRY_BASE_DELAY;
    private Duration maxRetryDelay = DEFAULT_MAX_RETRY_DELAY;
    private final Map<String, Credential> credentials = new LinkedHashMap<>();
    private @Nullable TimeSource time;
    private @Nullable LoadListener listener;
    private @Nullable Lookup variables;
    private @Nullable Path home;
    private Duration credentialHelperTimeout = DEFAULT_CREDENTIAL_HELPER_TIMEOUT;

    private Builder() {}

    /** How long a credential helper may take to answer. */
    public Builder credentialHelperTimeout(Duration timeout) {
      this.credentialHelperTimeout = positive("credential helper timeout", timeout);
      return this;
    }

    /** The clocks to go by: the system's, or a test's. */
    public Builder time(TimeSource time) {
      this.time = time;
      return this;
    }

    /** What the loader reports as it works ({@link LoadListener#NONE}: nothing). */
    public Builder listener(LoadListener listener) {
      this.listener = Objects.requireNonNull(listener, "listener");
      return this;
    }

    public Builder maxAttempts(int attempts) {
      if (attempts < 1 || attempts > 21) {
        throw new IllegalArgumentException("attempts (" + attempts + ") must be from 1 to 21");
      }
      this.maxAttempts = attempts;
      return this;
    }

    public Builder parallelDownloads(int layers) {
      if (layers < 1 || layers > MAX_PARALLEL_DOWNLOADS) {
        throw new IllegalArgumentException(
            "parallel downloads (" + layers + ") must be from 1 to " + MAX_PARALLEL_DOWNLOADS);
      }
      this.parallelDownloads = layers;
      return this;
    }

    public Builder retryDelays(Duration base, Duration max) {
      this.retryBaseDelay = positive("retry base delay", base);
      this.maxRetryDelay = positive("max retry delay", max);
      return this;
    }

    /** Credentials for {@code host}, used before any credentials file. */
    public Builder credentials(String host, String username, String password) {
      return credentials(host, username, password, "the ocipkg configuration");
    }

    /** As {@link #credentials(String, String, String)}; messages name {@code source}. */
    public Builder credentials(String host, String username, String password, String source) {
      credentials.put(
          host.toLowerCase(Locale.ROOT), Credential.password(username, password, source));
      return this;
    }

    public Builder cacheDir(Path cacheDir) {
      this.cacheDir = cacheDir;
      this.perUserCacheDir = false;
      return this;
    }

    /**
     * Adds a cache to search, after those added before and before {@link #cacheDir}; it is only
     * read. Also {@code ocipkg.cache.readonly} / {@code OCIPKG_CACHE_READONLY}.
     */
    public Builder readOnlyCache(Path folder) {
      readOnlyCaches.add(folder);
      return this;
    }

    public Builder offline(boolean offline) {
      this.offline = offline;
      return this;
    }

    public Builder tagTtl(Duration ttl) {
      if (ttl.isNegative()) {
        throw new IllegalArgumentException("tag TTL (" + ttl + ") must not be negative");
      }
      this.tagTtl = ttl;
      return this;
    }

    public Builder platform(@Nullable Platform platform) {
      this.platform = platform;
      return this;
    }

    public Builder mirror(String registry, String mirror) {
      List<String> list = mirrors.get(registry);
      if (list == null) {
        list = new ArrayList<>();
        mirrors.put(registry, list);
      }
      list.add(mirror);
      return this;
    }

    public Builder insecure(String host) {
      insecureHosts.add(host.toLowerCase(Locale.ROOT));
      return this;
    }

    public Builder caCertificates(@Nullable Path pemFile) {
      this.caCertificates = pemFile;
      return this;
    }

    /** The lock file whose pins win over what tags name now; null for none. */
    public Builder lockFile(@Nullable Path file) {
      this.lockFile = file;
      return this;
    }

    /** The trust policy file every package must satisfy; null for none. */
    public Builder policy(@Nullable Path policyFile) {
      this.policy = policyFile;
      return this;
    }

    public Builder connectTimeout(Duration timeout) {
      this.connectTimeout = positive("connect timeout", timeout);
      return this;
    }

    public Builder readTimeout(Duration timeout) {
      this.readTimeout = positive("read timeout", timeout);
      return this;
    }

    public Builder documentTimeout(Duration timeout) {
      this.documentTimeout = positive("document timeout", timeout);
      return this;
    }

    public Builder maxPackageBytes(long bytes) {
      if (bytes <= 0) {
        throw new IllegalArgumentException("max package bytes (" + bytes + ") must be positive");
      }
      this.maxPackageBytes = bytes;
      return this;
    }

    private static Duration positive(String what, Duration d) {
      if (d.isNegative() || d.isZero()) {
        throw new IllegalArgumentException(what + " (" + d + ") must be positive");
      }
      return d;
    }

    public LoaderConfig build() {
      return new LoaderConfig(this);
    }
  }
}
