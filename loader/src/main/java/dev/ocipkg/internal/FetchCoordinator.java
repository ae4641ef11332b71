package dev.ocipkg.internal;

import dev.ocipkg.ImageReference;
import dev.ocipkg.NativeLoadException;
import dev.ocipkg.Platform;
import dev.ocipkg.internal.config.LoaderConfig;
import dev.ocipkg.internal.io.CoalescedLoads;
import dev.ocipkg.internal.io.LazyLogger;
import dev.ocipkg.internal.io.TransferListener;
import dev.ocipkg.internal.oci.PlatformMatcher;
import dev.ocipkg.internal.source.ContentSource;
import dev.ocipkg.internal.store.ContentStore;
import dev.ocipkg.internal.store.ResolutionRecord;
import dev.ocipkg.internal.store.ResolutionRecords;
import dev.ocipkg.internal.store.TamperedStoreException;
import dev.ocipkg.internal.store.TrustRecords;
import java.io.IOException;
import java.nio.file.Path;
import org.jspecify.annotations.Nullable;

/**
 * Coordinates the cold path around {@link PackageInstaller}: one fetch per reference and platform
 * however many threads of this JVM ask (other JVMs wait on the store's package lock), the record of
 * what the reference resolved to written after it, and the fallback below.
 *
 * <p>When the source cannot be reached and the store still holds what the reference last resolved
 * to, that is used, with a warning: a stale tag beats an application that cannot start.
 */
final class FetchCoordinator {
  private static final System.Logger LOG = LazyLogger.of(FetchCoordinator.class);

  private final LoaderConfig config;
  private final ContentStore store;
  private final ResolutionRecords records;
  private final Sources sources;
  private final PackageInstaller puller;
  private final @Nullable TrustRecords trustRecords;

  /** One fetch per reference and platform at a time, whatever the number of threads asking. */
  private final CoalescedLoads<String, ResolutionRecord> inFlight = CoalescedLoads.whileLoading();

  FetchCoordinator(
      LoaderConfig config,
      ContentStore store,
      ResolutionRecords records,
      TransferListener listener,
      ReadOnlyLayers readOnly,
      LoadEvents events) {
    this.config = config;
    this.store = store;
    this.records = records;
    this.sources = new Sources(config);
    Path policy = config.policy();
    this.trustRecords = policy != null ? new TrustRecords(store) : null;
    this.puller =
        new PackageInstaller(
            store,
            config,
            events.downloads(listener),
            policy != null && trustRecords != null
                ? new PackageVerifier(policy, trustRecords, sources, events)
                : null,
            readOnly,
            events);
  }

  ResolutionRecord fetch(
      ImageReference reference,
      String key,
      String platformKey,
      String stamp,
      @Nullable ResolutionRecord last,
      ContentStore lastCache) {
    return inFlight.get(
        key + " " + platformKey,
        k -> fetchNow(reference, key, platformKey, stamp, last, lastCache));
  }

  private ResolutionRecord fetchNow(
      ImageReference reference,
      String key,
      String platformKey,
      String stamp,
      @Nullable ResolutionRecord last,
      ContentStore lastCache) {
    Platform wanted = config.platform();
    PlatformMatcher matcher =
        wanted != null ? PlatformMatcher.forPlatform(wanted) : PlatformMatcher.forHost();
    try (ContentSource source = sources.open(reference)) {
      ResolutionRecord record =
          puller
              .pull(reference, source, matcher, key, platformKey)
              .checkedAt(config.time().now(), stamp);
      records.write(key, platformKey, record);
      return record;
    } catch (IOException | RuntimeException e) {
      NativeLoadException unwritable =
          FetchFailures.unwritableCache(e, store.root(), reference, matcher.wanted());
      if (unwritable != null) {
        throw unwritable;
      }
      if (last != null
          && FetchFailures.isUnreachable(e)
          && canFallBackTo(reference, last, lastCache)) {
        LOG.log(
            System.Logger.Level.WARNING,
            "cannot reach {0} ({1}); using the cached {2}, last checked {3}",
            reference.source(),
            e.getMessage(),
            last.resolved(),
            last.checkedAt());
        return last;
      }
      throw FetchFailures.toLoadException(e, reference, matcher.wanted());
    }
  }

  /**
   * Whether the last known package is there to stand in, in {@code cache} (this store or a
   * read-only cache); a tampered one never does, nor, under a policy, one without a record there
   * that the policy as it is now accepted it.
   */
  private boolean canFallBackTo(
      ImageReference reference, ResolutionRecord last, ContentStore cache) {
    Path policy = config.policy();
    if (policy != null) {
      TrustRecords trust =
          cache == store && trustRecords != null ? trustRecords : new TrustRecords(cache);
      if (!trust.accepts(reference.toString(), last.resolved(), last.manifest(), policy)) {
        return false;
      }
    }
    try {
      return cache.hasPackage(last.manifest());
    } catch (TamperedStoreException e) {
      return false;
    }
  }
}
