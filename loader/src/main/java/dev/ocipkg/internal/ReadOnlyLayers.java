package dev.ocipkg.internal;

import dev.ocipkg.Digest;
import dev.ocipkg.internal.store.ContentStore;
import dev.ocipkg.internal.store.ResolutionRecord;
import dev.ocipkg.internal.store.ResolutionRecords;
import dev.ocipkg.internal.store.TamperedStoreException;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * The read-only caches, as the cold path sees them: when the source confirms (or names) what a
 * read-only cache already holds, the package is served from there and only the writable cache's
 * record is written, rather than downloaded again.
 */
final class ReadOnlyLayers {
  private final ContentStore[] caches;
  private final ResolutionRecords[] records;

  ReadOnlyLayers(ContentStore[] caches, ResolutionRecords[] records) {
    this.caches = caches.clone();
    this.records = records.clone();
  }

  /**
   * A record of {@code key} for {@code platformKey} in a read-only cache whose reference resolved
   * to {@code resolved}, as the source says it does now, and whose package that cache holds; null
   * if none has one.
   */
  @Nullable ResolutionRecord holding(String key, String platformKey, Digest resolved) {
    for (int i = 0; i < caches.length; i++) {
      Optional<ResolutionRecord> record = records[i].read(key, platformKey);
      if (record.isPresent()
          && record.get().resolved().equals(resolved)
          && holds(caches[i], record.get().manifest())) {
        return record.get();
      }
    }
    return null;
  }

  /** Whether a read-only cache holds the package of {@code manifest}. */
  boolean holdPackage(Digest manifest) {
    for (ContentStore cache : caches) {
      if (holds(cache, manifest)) {
        return true;
      }
    }
    return false;
  }

  /** A tampered package in a read-only cache is no package: the writable cache gets its own. */
  private static boolean holds(ContentStore cache, Digest manifest) {
    try {
      return cache.hasPackage(manifest);
    } catch (TamperedStoreException e) {
      return false;
    }
  }
}
