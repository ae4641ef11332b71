package dev.ocipkg.tools.cache;

import dev.ocipkg.Digest;
import dev.ocipkg.ImageReference;
import dev.ocipkg.internal.config.LoaderConfig;
import dev.ocipkg.internal.oci.Descriptor;
import dev.ocipkg.internal.oci.ImageManifest;
import dev.ocipkg.internal.oci.OciJson;
import dev.ocipkg.internal.store.ContentStore;
import dev.ocipkg.internal.store.ResolutionRecords;
import dev.ocipkg.internal.store.TrustRecords;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;

/**
 * The cache as the command line shows and tidies it: which packages it holds, for which references,
 * how big, when last used; removing some; collecting what no record points at.
 *
 * <p>A package leaves the store as it came in: under its package lock, renamed into {@code tmp/} in
 * one step and deleted there, so that a loader sees it whole or not at all.
 */
public final class CacheInventory {
  private final ContentStore store;
  private final ResolutionRecords records;

  /** The read-only caches searched before {@link #store}: listed, never changed. */
  private final List<ContentStore> readOnly;

  /** The writable cache of {@code config} and the read-only caches it names. */
  public CacheInventory(LoaderConfig config) {
    this(
        new ContentStore(config.cacheDir(), config.perUserCacheDir()),
        config.readOnlyCaches().stream().map(ContentStore::new).collect(Collectors.toList()));
  }

  /** The writable cache {@code cacheDir} alone. */
  public CacheInventory(Path cacheDir) {
    this(new ContentStore(cacheDir), List.of());
  }

  private CacheInventory(ContentStore store, List<ContentStore> readOnly) {
    this.store = store;
    this.records = new ResolutionRecords(store);
    List<ContentStore> others = new ArrayList<>();
    for (ContentStore layer : readOnly) {
      if (!layer.root().equals(store.root())) {
        others.add(layer);
      }
    }
    this.readOnly = List.copyOf(others);
  }

  public Path root() {
    return store.root();
  }

  /** The read-only caches, searched before the writable one; {@link #list} shows their packages. */
  public List<Path> readOnlyRoots() {
    return readOnly.stream().map(ContentStore::root).collect(Collectors.toList());
  }

  /**
   * One extracted package.
   *
   * @param manifest the platform manifest digest that names it
   * @param size the bytes of its files
   * @param lastUsed the latest of its files' access times and its records' check times
   * @param references the records that point at it (reference and platform)
   * @param cache the cache folder that holds it
   * @param readOnly whether that is a read-only cache ({@code ocipkg.cache.readonly}), which {@code
   *     rm} and {@code gc} never change
   */
  public record CachedPackage(
      Digest manifest,
      long size,
      Instant lastUsed,
      List<ResolutionRecords.Listed> references,
      Path cache,
      boolean readOnly) {
    public CachedPackage {
      references = List.copyOf(references);
    }
  }

  /**
   * Every package in the writable cache and then in each read-only cache, with the records that
   * point at it (a writable cache's record may point at a read-only cache's package).
   */
  public List<CachedPackage> list() throws IOException {
    Map<Digest, List<ResolutionRecords.Listed>> byManifest = new LinkedHashMap<>();
    for (ResolutionRecords.Listed r : records.list()) {
      byManifest.computeIfAbsent(r.record().manifest(), d -> new ArrayList<>()).add(r);
    }
    List<CachedPackage> packages = new ArrayList<>(list(store, byManifest, false));
    for (ContentStore layer : readOnly) {
      Map<Digest, List<ResolutionRecords.Listed>> layerRecords = new LinkedHashMap<>();
      for (ResolutionRecords.Listed r : new ResolutionRecords(layer).list()) {
        layerRecords.computeIfAbsent(r.record().manifest(), d -> new ArrayList<>()).add(r);
      }
      for (Map.Entry<Digest, List<ResolutionRecords.Listed>> e : byManifest.entrySet()) {
        if (!store.hasPackage(e.getKey())) {
          layerRecords.computeIfAbsent(e.getKey(), d -> new ArrayList<>()).addAll(e.getValue());
        }
      }
      packages.addAll(list(layer, layerRecords, true));
    }
    return packages;
  }

  private static List<CachedPackage> list(
      ContentStore cache, Map<Digest, List<ResolutionRecords.Listed>> byManifest, boolean readOnly)
      throws IOException {
    List<CachedPackage> packages = new ArrayList<>();
    for (Digest manifest : cache.packages()) {
      List<ResolutionRecords.Listed> refs = byManifest.getOrDefault(manifest, List.of());
      Usage usage = usage(cache.packagePath(manifest));
      Instant lastUsed = usage.lastAccess;
      for (ResolutionRecords.Listed r : refs) {
        if (r.record().checkedAt().isAfter(lastUsed)) {
          lastUsed = r.record().checkedAt();
        }
      }
      packages.add(
          new CachedPackage(manifest, usage.bytes, lastUsed, refs, cache.root(), readOnly));
    }
    packages.sort((a, b) -> b.lastUsed().compareTo(a.lastUsed()));
    return packages;
  }

  /**
   * What a removal or collection took away.
   *
   * @param records the records removed
   * @param packages the packages removed
   * @param blobs the blobs removed
   * @param bytes the bytes freed
   */
  public record Removed(int records, List<Digest> packages, int blobs, long bytes) {}

  /**
   * Removes the records of {@code referenceOrDigest} — a reference (every platform of it, and its
   * digest-pinned forms), or a manifest or index digest, whole or a {@link DigestPrefix} — and the
   * packages that no other record then points at.
   *
   * @return what was removed; nothing if nothing matched
   * @throws IllegalArgumentException for a digest prefix that several digests begin
   */
  public Removed remove(String referenceOrDigest) throws IOException {
    Digest digest = parseDigest(referenceOrDigest);
    if (digest == null && DigestPrefix.isPrefix(referenceOrDigest)) {
      digest = DigestPrefix.match(referenceOrDigest, knownDigests());
      if (digest == null) {
        return new Removed(0, List.of(), 0, 0);
      }
    }
    String reference = digest == null ? canonical(referenceOrDigest) : null;
    Set<Digest> candidates = new HashSet<>();
    int removedRecords = 0;
    List<ResolutionRecords.Listed> kept = new ArrayList<>();
    for (ResolutionRecords.Listed r : records.list()) {
      boolean matches =
          digest != null
              ? digest.equals(r.record().manifest()) || digest.equals(r.record().resolved())
              : reference.equals(r.reference()) || r.reference().startsWith(reference + "@");
      if (matches) {
        Files.deleteIfExists(r.file());
        candidates.add(r.record().manifest());
        removedRecords++;
      } else {
        kept.add(r);
      }
    }
    if (digest != null && store.hasPackage(digest)) {
      candidates.add(digest);
    }
    for (ResolutionRecords.Listed r : kept) {
      candidates.remove(r.record().manifest());
    }
    long bytes = 0;
    List<Digest> removed = new ArrayList<>();
    for (Digest manifest : candidates) {
      long size = removePackage(manifest);
      if (size >= 0) {
        removed.add(manifest);
        bytes += size;
      }
    }
    return new Removed(removedRecords, removed, 0, bytes);
  }

  /**
   * Collects garbage: records whose package is gone, packages that no record points at, blobs that
   * are none of the remaining records' index, manifest, config or layers, and trust records ({@code
   * verified/}) of digests no remaining record names; then what killed processes left in {@code
   * tmp/}.
   */
  public Removed collect() throws IOException {
    Set<Digest> liveManifests = new HashSet<>();
    Set<Digest> liveBlobs = new HashSet<>();
    int removedRecords = 0;
    for (ResolutionRecords.Listed r : records.list()) {
      Digest manifest = r.record().manifest();
      if (!store.hasPackage(manifest) && !readOnlyHolds(manifest)) {
        Files.deleteIfExists(r.file());
        removedRecords++;
        continue;
      }
      liveManifests.add(manifest);
      liveBlobs.add(r.record().resolved());
      liveBlobs.add(manifest);
      liveBlobs.addAll(blobsOf(manifest));
    }
    long bytes = 0;
    List<Digest> removedPackages = new ArrayList<>();
    for (Digest manifest : store.packages()) {
      if (!liveManifests.contains(manifest)) {
        long size = removePackage(manifest);
        if (size >= 0) {
          removedPackages.add(manifest);
          bytes += size;
        }
      }
    }
    int removedBlobs = 0;
    for (Digest blob : store.blobs()) {
      if (!liveBlobs.contains(blob)) {
        Path file = store.blobPath(blob);
        long size = Files.size(file);
        if (Files.deleteIfExists(file)) {
          removedBlobs++;
          bytes += size;
        }
      }
    }
    Set<Digest> liveResolved = new HashSet<>();
    for (ResolutionRecords.Listed r : records.list()) {
      liveResolved.add(r.record().resolved());
    }
    removedRecords += new TrustRecords(store).removeAllExcept(liveResolved);
    store.cleanAbandonedTemps();
    return new Removed(removedRecords, removedPackages, removedBlobs, bytes);
  }

  /**
   * The config and layer digests of a manifest whose blob the store holds; empty if it does not.
   */
  private Set<Digest> blobsOf(Digest manifest) {
    Set<Digest> blobs = new HashSet<>();
    if (!store.hasBlob(manifest)) {
      return blobs;
    }
    try {
      ImageManifest parsed =
          OciJson.parseManifest(
              Files.readAllBytes(store.blobPath(manifest)), "cached manifest " + manifest);
      for (Descriptor blob : parsed.blobs()) {
        blobs.add(blob.digest());
      }
    } catch (IOException e) {
      // An unreadable manifest keeps nothing alive; the package itself stays.
    }
    return blobs;
  }

  /** Removes one package; its size, or -1 where it was not there. */
  private long removePackage(Digest manifest) throws IOException {
    long size =
        Files.isDirectory(store.packagePath(manifest))
            ? usage(store.packagePath(manifest)).bytes
            : 0;
    return store.removePackage(manifest) ? size : -1;
  }

  private boolean readOnlyHolds(Digest manifest) {
    for (ContentStore layer : readOnly) {
      if (layer.hasPackage(manifest)) {
        return true;
      }
    }
    return false;
  }

  /** The digests that a record or package names: what a digest given to remove may be. */
  private Set<Digest> knownDigests() throws IOException {
    Set<Digest> known = new java.util.LinkedHashSet<>(store.packages());
    for (ResolutionRecords.Listed r : records.list()) {
      known.add(r.record().manifest());
      known.add(r.record().resolved());
    }
    return known;
  }

  private static @Nullable Digest parseDigest(String text) {
    try {
      return Digest.parse(text);
    } catch (IllegalArgumentException e) {
      return null;
    }
  }

  private static String canonical(String reference) {
    try {
      return ImageReference.parse(reference).toString();
    } catch (IllegalArgumentException e) {
      return reference;
    }
  }

  /** Bytes and latest access time of the files in a folder (links not followed). */
  private static final class Usage {
    long bytes;
    Instant lastAccess = Instant.EPOCH;
  }

  private static Usage usage(Path dir) throws IOException {
    Usage usage = new Usage();
    try (Stream<Path> files = Files.walk(dir)) {
      for (Path file : (Iterable<Path>) files::iterator) {
        BasicFileAttributes a =
            Files.readAttributes(file, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        if (a.isRegularFile()) {
          usage.bytes += a.size();
          Instant access = a.lastAccessTime().toInstant();
          if (access.isAfter(usage.lastAccess)) {
            usage.lastAccess = access;
          }
        }
      }
    }
    return usage;
  }
}
