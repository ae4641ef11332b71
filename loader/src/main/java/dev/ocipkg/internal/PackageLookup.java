package dev.ocipkg.internal;

import dev.ocipkg.ImageReference;
import dev.ocipkg.LoadListener;
import dev.ocipkg.NativeLoadException;
import dev.ocipkg.NativePackage;
import dev.ocipkg.Platform;
import dev.ocipkg.internal.config.LoaderConfig;
import dev.ocipkg.internal.io.TransferListener;
import dev.ocipkg.internal.jfr.FlightEvents;
import dev.ocipkg.internal.lock.LockLookup;
import dev.ocipkg.internal.lock.Locked;
import dev.ocipkg.internal.store.ContentStore;
import dev.ocipkg.internal.store.ResolutionRecord;
import dev.ocipkg.internal.store.ResolutionRecords;
import dev.ocipkg.internal.store.TamperedStoreException;
import dev.ocipkg.internal.store.TrustRecords;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * Turns a reference into a package in the store: the warm path straight from a resolution record,
 * else the cold path through {@link FetchCoordinator}.
 *
 * <p>The warm path — a digest-pinned reference, a tag whose record is younger than the TTL, or a
 * local layout that has not changed — reads one small record file and checks one folder. It loads
 * neither the HTTP client nor the JSON parser: that is what keeps a cached load close to the cost
 * of a plain {@code System.load}.
 *
 * <p>Read-only caches ({@link LoaderConfig#readOnlyCaches()}, such as one baked into an image) are
 * searched first, in order, the writable cache last; the first warm hit is served from where it is,
 * and nothing is written for it anywhere. Everything else — a miss, a stale tag, a package the
 * policy has no record of — goes to the cold path, which writes only to the writable cache. When
 * the source answers a stale tag with what a read-only cache holds, only the writable cache's
 * record is written, and its record then leads to the package in the read-only cache.
 */
public final class PackageLookup {
  private final LoaderConfig config;
  private final ContentStore store;
  private final ResolutionRecords records;

  /** Made at the first load of a tag: a digest-pinned load has no use for locks. */
  private volatile @Nullable LockLookup locks;

  /**
   * The caches in the order they are searched: the read-only ones, then {@link #store} last. Arrays
   * and a counted loop, no collection or lambda: this runs on the warm path.
   */
  private final ContentStore[] layers;

  private final ResolutionRecords[] layerRecords;

  /**
   * Per cache, created on first use, only under a policy: without one the warm path must not load
   * the class, and making an array of it would.
   */
  private volatile @Nullable TrustRecords @Nullable [] layerTrust;

  private final @Nullable TransferListener listener;
  private final LoadEvents events;
  private volatile @Nullable FetchCoordinator fetcher;

  /**
   * Per cache, whether it passed {@link CacheFolders#check}, done once before it is first read (a
   * stat or two per folder): a cache the loads never reach (the writable one, while read-only ones
   * serve every load) is not judged.
   */
  private final boolean[] checked;

  public PackageLookup(LoaderConfig config) {
    this(config, null);
  }

  /**
   * As {@link #PackageLookup(LoaderConfig)}, reporting each blob it downloads to {@code listener}.
   */
  public PackageLookup(LoaderConfig config, @Nullable TransferListener listener) {
    this.config = config;
    this.store = new ContentStore(config.cacheDir(), config.perUserCacheDir());
    this.records = new ResolutionRecords(store);
    this.listener = listener;
    this.events = new LoadEvents(config.listener());
    List<ContentStore> searched = new ArrayList<>();
    for (Path readOnly : config.readOnlyCaches()) {
      ContentStore layer = new ContentStore(readOnly);
      // The writable cache named again is searched once, last, as the writable cache.
      if (!layer.root().equals(store.root())) {
        searched.add(layer);
      }
    }
    searched.add(store);
    this.layers = searched.toArray(new ContentStore[0]);
    this.layerRecords = new ResolutionRecords[layers.length];
    this.checked = new boolean[layers.length];
    for (int i = 0; i < layers.length; i++) {
      layerRecords[i] = layers[i] == store ? records : new ResolutionRecords(layers[i]);
    }
  }

  public LoaderConfig config() {
    return config;
  }

  /**
   * The package of {@code reference} for the configured platform, fetched if need be; a tag the
   * configured lock file pins loads its pinned digest.
   */
  public NativePackage open(ImageReference reference) {
    return open(reference, null);
  }

  /**
   * As {@link #open(ImageReference)}, a tag also looked up in the {@code META-INF/ocipkg.lock}
   * resources that {@code classLoader} sees (none for null). A locked tag loads the digest it is
   * pinned to, with no network and no TTL when that is cached, whatever the tag names now; the
   * platform manifest chosen from it must be the one the lock pins.
   */
  public NativePackage open(ImageReference reference, @Nullable ClassLoader classLoader) {
    long start = System.nanoTime();
    try {
      if (reference.digest() == null
          && reference.tag() != null
          && reference.kind() == ImageReference.Kind.REGISTRY) {
        Locked locked = LockedPackages.find(locks(), reference, classLoader);
        if (locked != null) {
          return LockedPackages.check(
              reference, locked, resolve(reference.withDigest(locked.image().digest()), start));
        }
      }
      return resolve(reference, start);
    } catch (NativeLoadException e) {
      throw events.failed(reference, e);
    }
  }

  private LockLookup locks() {
    LockLookup l = locks;
    if (l == null) {
      synchronized (this) {
        l = locks;
        if (l == null) {
          l = new LockLookup(config.lockFile());
          locks = l;
        }
      }
    }
    return l;
  }

  private NativePackage resolve(ImageReference reference, long start) {
    String platformKey = platformKey();
    String key = reference.toString();
    // What stands in if the source cannot be reached: the writable cache's, else the first.
    @Nullable ResolutionRecord last = null;
    ContentStore lastCache = store;
    boolean untrusted = false;
    for (int i = 0; i < layers.length; i++) {
      if (!checked[i]) {
        checkCache(i, reference);
      }
      Optional<ResolutionRecord> record = layerRecords[i].read(key, platformKey);
      int holder = record.isPresent() ? holderOf(i, reference, record.get()) : -1;
      if (holder >= 0) {
        ResolutionRecord r = record.get();
        if (last == null || layers[i] == store) {
          last = r;
          lastCache = layers[holder];
        }
        if (reference.digest() != null || config.offline() || isFresh(reference, r)) {
          if (config.policy() == null || trusted(i, reference, r)) {
            return delivered(layers[holder], reference, r, false, start);
          }
          untrusted = true;
        }
      }
    }
    if (config.offline() && untrusted) {
      throw unverifiedOffline(reference);
    }
    if (config.offline()) {
      throw NativeLoadException.builder(
              "offline, and " + reference + " is not in the cache for " + describePlatform())
          .reference(reference.toString())
          .registry(reference.source())
          .platform(describePlatform())
          .hint(
              "load it once while the registry is reachable (or with ocipkg pull), or turn offline"
                  + " mode off (ocipkg.offline / OCIPKG_OFFLINE)")
          .build();
    }
    @Nullable Object flight = FlightEvents.coldLoadBegins();
    ResolutionRecord fetched;
    try {
      fetched = fetcher().fetch(reference, key, platformKey, stampOf(reference), last, lastCache);
    } catch (RuntimeException e) {
      FlightEvents.coldLoadEnded(flight, key, null, "failed");
      throw e;
    }
    FlightEvents.coldLoadEnded(flight, key, fetched.manifest(), "loaded");
    ContentStore holder = cacheHolding(reference, fetched);
    return delivered(holder, reference, fetched, true, start);
  }

  /** Refuses a cache that is missing (a read-only one) or that other users may write. */
  private void checkCache(int layer, ImageReference reference) {
    boolean readOnly = layers[layer] != store;
    CacheFolders.check(
        layers[layer],
        readOnly,
        !readOnly && config.perUserCacheDir(),
        reference,
        describePlatform());
    checked[layer] = true; // a race checks twice: harmless
  }

  /**
   * Whether the store records that the configured policy, with the bytes its files have now,
   * accepted this package: a few files hashed, no JSON, no network. Only called with a policy, so
   * without one no trust class is loaded.
   */
  private boolean trusted(int layer, ImageReference reference, ResolutionRecord record) {
    @Nullable TrustRecords[] trust = layerTrust;
    if (trust == null) {
      trust = new TrustRecords[layers.length];
      layerTrust = trust;
    }
    TrustRecords t = trust[layer];
    if (t == null) {
      // A race makes two equal instances (or arrays), one of them kept: harmless.
      t = new TrustRecords(layers[layer]);
      trust[layer] = t;
    }
    return t.accepts(
        reference.toString(),
        record.resolved(),
        record.manifest(),
        Objects.requireNonNull(config.policy()));
  }

  private NativeLoadException unverifiedOffline(ImageReference reference) {
    return NativeLoadException.builder(
            "offline, and the cached "
                + reference
                + " has no record that the trust policy "
                + config.policy()
                + " accepted it (it was never verified under it, or the policy or one of its key"
                + " files changed since)")
        .reference(reference.toString())
        .registry(reference.source())
        .platform(describePlatform())
        .hint(
            "load it once while the registry is reachable, so that its signatures are verified"
                + " under the policy as it is now, or turn offline mode off (ocipkg.offline /"
                + " OCIPKG_OFFLINE)")
        .build();
  }

  /**
   * The cache that holds the package of a record the cold path returned: the writable one, where it
   * fetches to, else the read-only one whose record stood in for an unreachable source (found by
   * looking, not by the record: threads that shared a fetch share its result, not its cache).
   */
  private ContentStore cacheHolding(ImageReference reference, ResolutionRecord record) {
    for (int i = layers.length - 1; i >= 0; i--) {
      if (hasPackage(i, reference, record)) {
        return layers[i];
      }
    }
    return store;
  }

  /**
   * The cache that holds the package of a record found in {@code layer}: that cache, or for a
   * record of the writable cache, a read-only one (the source confirmed what it holds); -1 if none
   * does.
   */
  private int holderOf(int layer, ImageReference reference, ResolutionRecord record) {
    if (hasPackage(layer, reference, record)) {
      return layer;
    }
    if (layers[layer] == store) {
      for (int i = 0; i < layer; i++) {
        if (hasPackage(i, reference, record)) {
          return i;
        }
      }
    }
    return -1;
  }

  /**
   * Whether the record's package is in that cache; a planted link there fails the load. The store's
   * exception is told by {@code instanceof}, not caught by type: a handler's type is loaded with
   * this class, and this runs on every warm load.
   */
  private boolean hasPackage(int layer, ImageReference reference, ResolutionRecord record) {
    try {
      return layers[layer].hasPackage(record.manifest());
    } catch (RuntimeException e) {
      if (!(e instanceof TamperedStoreException)) {
        throw e;
      }
      Platform p = config.platform();
      throw FetchFailures.toLoadException(e, reference, p != null ? p : Platform.current());
    }
  }

  private boolean isFresh(ImageReference reference, ResolutionRecord record) {
    if (reference.kind() != ImageReference.Kind.REGISTRY) {
      return record.sourceStamp().equals(stampOf(reference));
    }
    return config.time().now().isBefore(record.checkedAt().plus(config.tagTtl()));
  }

  /** Size and modification time of a local source's index; empty for registries. */
  static String stampOf(ImageReference reference) {
    Path path = reference.path();
    if (path == null) {
      return "";
    }
    Path index =
        reference.kind() == ImageReference.Kind.OCI_LAYOUT ? path.resolve("index.json") : path;
    try {
      return Files.size(index) + "@" + Files.getLastModifiedTime(index).toMillis();
    } catch (IOException e) {
      return "missing";
    }
  }

  /**
   * The package of {@code record} in {@code cache}. Its per-class-loader JNI copies go in the
   * writable cache whatever cache holds the package: a read-only one is never written, and the
   * copies are made (hard links where one file system holds both, else copies) only when a second
   * class loader loads the library.
   */
  private NativePackage delivered(
      ContentStore cache,
      ImageReference reference,
      ResolutionRecord record,
      boolean fetched,
      long start) {
    NativePackage delivered = packageOf(cache, reference, record);
    if (events.listening()) {
      events.resolved(
          reference,
          record.manifest(),
          delivered.directory(),
          sourceOf(cache, reference, fetched),
          start);
    }
    return delivered;
  }

  /**
   * Where a package came from, for the listener: the cache that holds it, or, where the cold path
   * fetched it into the writable cache, the registry or local source.
   */
  private LoadListener.Source sourceOf(
      ContentStore cache, ImageReference reference, boolean fetched) {
    if (cache != store) {
      return LoadListener.Source.READ_ONLY_CACHE;
    }
    if (!fetched) {
      return LoadListener.Source.CACHE;
    }
    return reference.kind() == ImageReference.Kind.REGISTRY
        ? LoadListener.Source.REGISTRY
        : LoadListener.Source.LOCAL;
  }

  private NativePackage packageOf(
      ContentStore cache, ImageReference reference, ResolutionRecord record) {
    return new StoredPackage(
        reference,
        record.manifest(),
        record.platform(),
        config.platform() != null ? config.platform() : Platform.current(),
        cache.packagePath(record.manifest()),
        store,
        events);
  }

  /** The record key of the platform: the one configured, or the host's. */
  private String platformKey() {
    return ResolutionRecords.platformKey(config.platform());
  }

  private String describePlatform() {
    Platform p = config.platform();
    return Objects.toString(p != null ? p : Platform.current());
  }

  /** The read-only caches: every layer but the writable store, which is last. */
  private ReadOnlyLayers readOnlyLayers() {
    int n = layers.length - 1;
    ContentStore[] caches = new ContentStore[n];
    ResolutionRecords[] cacheRecords = new ResolutionRecords[n];
    System.arraycopy(layers, 0, caches, 0, n);
    System.arraycopy(layerRecords, 0, cacheRecords, 0, n);
    return new ReadOnlyLayers(caches, cacheRecords);
  }

  private FetchCoordinator fetcher() {
    FetchCoordinator f = fetcher;
    if (f == null) {
      synchronized (this) {
        f = fetcher;
        if (f == null) {
          f =
              new FetchCoordinator(
                  config,
                  store,
                  records,
                  listener != null ? listener : TransferListener.NONE,
                  readOnlyLayers(),
                  events);
          fetcher = f;
        }
      }
    }
    return f;
  }
}
