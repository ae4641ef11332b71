package dev.ocipkg;

import dev.ocipkg.internal.PackageLookup;
import dev.ocipkg.internal.config.LoaderConfig;
import java.lang.invoke.MethodHandles;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * Loads native libraries from OCI references: resolve, choose the platform, fetch, verify, cache,
 * link.
 *
 * <pre>{@code
 * NativePackage pkg = NativeLoader.load("ghcr.io/acme/libfoo:1.2.0");
 * Foo foo = NativeLoader.jna(Foo.class);          // Foo is annotated @NativeImage
 * NativeLoader.loadJni(MethodHandles.lookup());   // in a class with native methods
 *
 * NativeLoader custom = NativeLoader.builder().cacheDir(dir).offline(true).build();
 * NativePackage p = custom.open("oci:build/layout:1.0");
 * }</pre>
 *
 * <p>The static methods use {@link #defaultLoader()}, configured from system properties and the
 * environment ({@code ocipkg.cache.dir} / {@code OCIPKG_CACHE_DIR}, {@code ocipkg.cache.readonly},
 * {@code ocipkg.offline}, {@code ocipkg.tag.ttl}, {@code ocipkg.platform}, {@code ocipkg.mirrors},
 * {@code ocipkg.insecure}, {@code ocipkg.ca.file}, {@code ocipkg.lock.file}). Instances are
 * immutable and thread-safe; create one per configuration and keep it.
 *
 * <p>Errors: a malformed argument (a reference, a platform, a builder value) is an {@link
 * IllegalArgumentException}; anything that keeps a library from loading is a {@link
 * NativeLoadException}. A bad value of one of the system properties or environment variables above
 * (say {@code OCIPKG_TAG_TTL=1h}) is the latter: the program did nothing wrong, its environment
 * keeps the library from loading. {@link #defaultLoader()}, every static method that uses it and
 * {@link #builder()} then throw a {@code NativeLoadException} naming the setting and its value, the
 * same on every call, until the JVM is started with a good value.
 */
public final class NativeLoader {
  private static volatile @Nullable NativeLoader defaultInstance;

  /** Guarded by the class's lock: whether the default loader was tried, and its bad setting. */
  private static boolean defaultConfigured;

  private static @Nullable IllegalArgumentException defaultBadSetting;

  private final PackageLookup resolver;

  private NativeLoader(LoaderConfig config) {
    this.resolver = new PackageLookup(config);
  }

  /**
   * The loader configured from system properties and the environment, made on first use.
   *
   * @throws NativeLoadException naming the setting, if one of them has a bad value
   */
  public static NativeLoader defaultLoader() {
    NativeLoader loader = defaultInstance;
    if (loader == null) {
      loader = makeDefault();
    }
    return loader;
  }

  /**
   * Made once, on first use, under a lock. A bad setting is kept and thrown again, as a new error,
   * on every call: the same answer every time, as a class initializer would give, without an
   * initializer's failure (ExceptionInInitializerError once, NoClassDefFoundError after, neither of
   * them the error that callers catch), and without a holder class to load on the warm path.
   */
  private static synchronized NativeLoader makeDefault() {
    NativeLoader loader = defaultInstance;
    if (loader != null) {
      return loader;
    }
    if (!defaultConfigured) {
      defaultConfigured = true;
      try {
        loader = new NativeLoader(LoaderConfig.fromEnvironment().build());
        defaultInstance = loader;
        return loader;
      } catch (IllegalArgumentException e) {
        defaultBadSetting = e;
      }
    }
    throw badSetting(defaultBadSetting);
  }

  /**
   * A builder starting from the system-property and environment defaults.
   *
   * @throws NativeLoadException naming the setting, if one of them has a bad value
   */
  public static Builder builder() {
    try {
      return new Builder(LoaderConfig.fromEnvironment());
    } catch (IllegalArgumentException e) {
      throw badSetting(e);
    }
  }

  /**
   * A new error for each call, so each carries its caller's stack; the setting's own error (which
   * quotes the key and the value) is its message and its cause.
   */
  private static NativeLoadException badSetting(@Nullable IllegalArgumentException setting) {
    String problem =
        setting == null ? "the default loader could not be configured" : setting.getMessage();
    return NativeLoadException.builder(problem)
        .hint(
            "correct or remove that setting and start the JVM again (a system property such as"
                + " -Docipkg.tag.ttl=PT1H wins over its environment variable, OCIPKG_TAG_TTL)")
        .cause(setting)
        .build();
  }

  /** {@link #open(String)} on the default loader. */
  public static NativePackage load(String reference) {
    return defaultLoader().open(reference);
  }

  /** {@link #jnaProxy(Class)} on the default loader. */
  public static <T> T jna(Class<T> libraryInterface) {
    return defaultLoader().jnaProxy(libraryInterface);
  }

  /** {@link #bindJni(MethodHandles.Lookup)} on the default loader. */
  public static void loadJni(MethodHandles.Lookup lookup) {
    defaultLoader().bindJni(lookup);
  }

  /**
   * The package of {@code reference} for this JVM's platform (or the configured one), fetched into
   * the cache unless it is there.
   *
   * @throws IllegalArgumentException if the reference is malformed
   * @throws NativeLoadException if it cannot be fetched
   */
  public NativePackage open(String reference) {
    return open(ImageReference.parse(reference));
  }

  /**
   * As {@link #open(String)}. A tag pinned by a lock file loads the digest it is pinned to: the
   * {@link Builder#lockFile lock file} configured, then the {@code META-INF/ocipkg.lock} resources
   * that the calling thread's context class loader sees (this class's loader where it has none).
   */
  public NativePackage open(ImageReference reference) {
    ClassLoader context = Thread.currentThread().getContextClassLoader();
    return resolver.open(
        reference, context != null ? context : NativeLoader.class.getClassLoader());
  }

  /** As {@link #open(ImageReference)}, the class-path locks those of {@code type}'s loader. */
  private NativePackage openFor(Class<?> type, ImageReference reference) {
    ClassLoader loader = type.getClassLoader();
    return resolver.open(reference, loader != null ? loader : ClassLoader.getSystemClassLoader());
  }

  /**
   * A JNA proxy of {@code libraryInterface}, which extends {@code com.sun.jna.Library} and is
   * annotated {@link NativeImage}. Where it has several annotations they are tried in order; if all
   * fail, the error lists each attempt.
   */
  public <T> T jnaProxy(Class<T> libraryInterface) {
    return firstThatLoads(
        libraryInterface,
        image ->
            openFor(libraryInterface, pinned(image)).jna(libraryInterface, libraryName(image)));
  }

  /**
   * Loads the JNI library named by the {@link NativeImage} annotation of {@code lookup}'s class
   * into that class's loader, so its {@code native} methods bind. Call it from the class's static
   * initializer with {@code MethodHandles.lookup()}.
   *
   * <p>Here and in {@link #jnaProxy}, the class-path lock files that count are those that the
   * annotated class's own class loader sees: the jar that declares an image can carry its lock.
   */
  public void bindJni(MethodHandles.Lookup lookup) {
    Class<?> type = lookup.lookupClass();
    firstThatLoads(type, image -> openFor(type, pinned(image)).loadJni(libraryName(image), lookup));
  }

  private <R> R firstThatLoads(Class<?> type, Function<NativeImage, R> attempt) {
    NativeImage[] images = type.getAnnotationsByType(NativeImage.class);
    if (images.length == 0) {
      throw new IllegalArgumentException(
          type.getName() + " has no @NativeImage annotation naming the package of its library");
    }
    List<NativeLoadException> failures = new ArrayList<>();
    for (NativeImage image : images) {
      try {
        return attempt.apply(image);
      } catch (NativeLoadException e) {
        failures.add(e);
      }
    }
    if (failures.size() == 1) {
      throw failures.get(0);
    }
    StringBuilder message =
        new StringBuilder("no @NativeImage of ").append(type.getName()).append(" could be loaded:");
    for (int i = 0; i < failures.size(); i++) {
      message.append("\n  ").append(i + 1).append(". ").append(images[i].value()).append(": ");
      message.append(failures.get(i).getMessage().replace("\n", "\n     "));
    }
    NativeLoadException all = NativeLoadException.builder(message.toString()).build();
    failures.forEach(all::addSuppressed);
    throw all;
  }

  private static ImageReference pinned(NativeImage image) {
    ImageReference reference = ImageReference.parse(image.value());
    if (image.digest().isEmpty()) {
      return reference;
    }
    Digest pin = Digest.parse(image.digest());
    Digest existing = reference.digest();
    if (existing != null && !existing.equals(pin)) {
      throw new IllegalArgumentException(
          "@NativeImage(\"" + image.value() + "\") pins " + existing + " but digest says " + pin);
    }
    return reference.withDigest(pin);
  }

  /** The library name of an annotation; empty means the package's only library. */
  private static String libraryName(NativeImage image) {
    return image.library().isEmpty() ? "" : image.library();
  }

  /** Builds a {@link NativeLoader}; starts from the system-property and environment defaults. */
  public static final class Builder {
    private final LoaderConfig.Builder config;

    private Builder(LoaderConfig.Builder config) {
      this.config = config;
    }

    /** The cache folder. Default: {@code $XDG_CACHE_HOME/ocipkg} or the OS's cache folder. */
    public Builder cacheDir(Path dir) {
      config.cacheDir(dir);
      return this;
    }

    /**
     * Searches {@code folder}, a cache that is only read (one baked into an image, say {@code
     * /usr/share/ocipkg}), before {@link #cacheDir}; call again for more, searched in that order. A
     * package cached there (digest-pinned, or its tag record fresh) is loaded from there and
     * nothing is written anywhere; anything else is fetched into the writable {@link #cacheDir}.
     * Also {@code ocipkg.cache.readonly} / {@code OCIPKG_CACHE_READONLY}, folders separated by the
     * platform's path separator.
     */
    public Builder readOnlyCache(Path folder) {
      config.readOnlyCache(folder);
      return this;
    }

    /** Never touch the network: load only what the cache holds. */
    public Builder offline(boolean offline) {
      config.offline(offline);
      return this;
    }

    /** How long a tag's resolution is trusted before the registry is asked again. */
    public Builder tagTtl(Duration ttl) {
      config.tagTtl(ttl);
      return this;
    }

    /** The platform to load for, instead of this JVM's: {@code os/arch[/variant]}. */
    public Builder platform(String platform) {
      config.platform(Platform.parse(platform));
      return this;
    }

    /** Tries {@code mirror} (host[:port]) before {@code registry}; call again for more mirrors. */
    public Builder mirror(String registry, String mirror) {
      config.mirror(registry, mirror);
      return this;
    }

    /** Allows plain http for {@code host} (loopback hosts are always allowed). */
    public Builder insecure(String host) {
      config.insecure(host);
      return this;
    }

    /** Also trusts the CA certificates in the PEM file {@code caFile}. */
    public Builder caCertificates(@Nullable Path caFile) {
      config.caCertificates(caFile);
      return this;
    }

    /**
     * Requires every package to satisfy the trust policy in {@code policyFile}
     * (containers-policy.json format: {@code insecureAcceptAnything}, {@code reject}, or {@code
     * sigstoreSigned} with cosign public keys), checked after the reference resolves and before any
     * file of the package is extracted. A package verified once is recorded in the cache, and later
     * loads check only that the policy and its key files are unchanged.
     */
    public Builder policy(Path policyFile) {
      config.policy(policyFile);
      return this;
    }

    /**
     * Reports what the loader does — resolved, bytes moved, verified, extracted, linked, failed —
     * to {@code listener} ({@link LoadListener}: every method does nothing by default). Cold loads
     * and downloads are also JFR events ({@code dev.ocipkg.ColdLoad}, {@code dev.ocipkg.Download})
     * whenever a flight recording runs, listener or not.
     */
    public Builder listener(LoadListener listener) {
      config.listener(listener);
      return this;
    }

    /**
     * Pins tags to the digests in the lock file {@code file} (written by {@code ocipkg lock} or the
     * Maven goal {@code ocipkg:lock}): a tag it names loads its locked digest with no network and
     * no TTL when that is cached, and is fetched by that digest otherwise, whatever the registry
     * serves for the tag now. Its entries win over those of the {@code META-INF/ocipkg.lock}
     * resources on the class path, which count whatever this is. A missing or malformed file fails
     * every load of a tag. Also {@code ocipkg.lock.file} / {@code OCIPKG_LOCK_FILE}.
     */
    public Builder lockFile(Path file) {
      config.lockFile(file);
      return this;
    }

    /**
     * Credentials for {@code registry} (host[:port]), used before those of the Docker or podman
     * credentials files. A mirror is a registry of its own: give it its own credentials.
     */
    public Builder credentials(String registry, String username, String password) {
      config.credentials(registry, username, password);
      return this;
    }

    /** How many times a failed request is retried (connection errors, 408, 429, 5xx). */
    public Builder retries(int retries) {
      config.maxAttempts(retries + 1);
      return this;
    }

    public Builder connectTimeout(Duration timeout) {
      config.connectTimeout(timeout);
      return this;
    }

    /**
     * The longest wait for the next bytes of a response (default 30 s). A blob download that moves
     * less than 64 KiB in this time has stalled: it is cut and resumed.
     */
    public Builder readTimeout(Duration timeout) {
      config.readTimeout(timeout);
      return this;
    }

    /**
     * The most that a manifest, token, tag list or other small document may take, from the first
     * request to its last byte, retries and redirects included (default 60 s).
     */
    public Builder documentTimeout(Duration timeout) {
      config.documentTimeout(timeout);
      return this;
    }

    /**
     * How many layers of a package download at once (default 4): while the first layer is extracted
     * as it streams, the later ones go to the store. 1 fetches one layer after the other.
     */
    public Builder parallelDownloads(int layers) {
      config.parallelDownloads(layers);
      return this;
    }

    /** The most bytes a package may extract to (a guard against decompression bombs). */
    public Builder maxPackageBytes(long bytes) {
      config.maxPackageBytes(bytes);
      return this;
    }

    public NativeLoader build() {
      return new NativeLoader(config.build());
    }
  }
}
