package dev.ocipkg.tools.transfer;

import dev.ocipkg.Digest;
import dev.ocipkg.ImageReference;
import dev.ocipkg.NativePackage;
import dev.ocipkg.Platform;
import dev.ocipkg.internal.PackageLookup;
import dev.ocipkg.internal.PlatformManifests;
import dev.ocipkg.internal.config.LoaderConfig;
import dev.ocipkg.internal.io.TransferListener;
import dev.ocipkg.internal.store.ContentStore;
import dev.ocipkg.internal.store.ResolutionRecord;
import dev.ocipkg.internal.store.ResolutionRecords;
import dev.ocipkg.tools.ToolSettings;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * Fills a cache ahead of time (an image build, an init container) so that an application started
 * later loads its references without a registry: for each reference as the application spells it,
 * the package in the store and the resolution records the loader looks up, by tag and by digest.
 *
 * <p>The package is fetched by the loader itself ({@link PackageLookup}), so the tag's record is
 * the one a load writes. The digest spellings ({@code repo:tag@digest}, {@code repo@digest}) get a
 * copy of it: what the loader would record for them is the same resolved and chosen digests.
 *
 * <p>Records for a configured platform {@code P} carry the key the loader uses with {@code
 * ocipkg.platform=P}. An application that sets no platform looks up its host's key instead, which
 * carries no CPU level and no C library; for a platform without variant the same package is
 * recorded under that key too: the choice for {@code P} takes no CPU level above the baseline and
 * no musl build, so it runs on any host of that OS and architecture with glibc. A variant's package
 * is not (a {@code v3} build must not reach a {@code v2} host); a fetch without a platform, run on
 * the machine or in the image that runs the application, records the host's own choice.
 */
public final class CacheFiller {
  private final ToolSettings settings;
  private final ImageSources sources;
  private final TransferListener listener;

  /** Reports each blob it downloads to {@code listener}. */
  public CacheFiller(ToolSettings settings, ImageSources sources, TransferListener listener) {
    this.settings = settings;
    this.sources = sources;
    this.listener = listener;
  }

  /**
   * One package in the cache and the reference spellings whose records point at it.
   *
   * @param label the platform key's platform, {@code os/arch[/variant]}
   * @param pkg the package in the store
   * @param spellings the references recorded, as an application may write them
   * @param hostRecord whether an application that sets no platform finds it too
   */
  public record Filled(
      String label, NativePackage pkg, List<String> spellings, boolean hostRecord) {
    public Filled {
      spellings = List.copyOf(spellings);
    }
  }

  /**
   * Fetches {@code reference} for {@code platform} (null: the configured one, else this host's) and
   * records it under its tag and digest spellings.
   */
  public Filled fetch(ImageReference reference, @Nullable Platform platform) throws IOException {
    LoaderConfig config = settings.loaderConfig(platform);
    NativePackage pkg = new PackageLookup(config, listener).open(reference);
    ResolutionRecords records = records(config);
    ResolutionRecord record = recordOf(records, reference, config);
    return recordSpellings(records, reference, record, config.platform(), pkg);
  }

  /**
   * Fetches {@code reference} for every platform its index names, one record per platform key the
   * loader would use for {@code ocipkg.platform=P}.
   */
  public List<Filled> fetchAll(ImageReference reference) throws IOException {
    List<Filled> filled = new ArrayList<>();
    for (Platform platform : platformsOf(reference)) {
      filled.add(fetch(reference, platform));
    }
    return filled;
  }

  /**
   * Loads the archive {@code archive} into the cache for {@code platform} (null: the configured
   * one, else this host's) and records its package under the spellings of {@code as}, the reference
   * the application names, as if it had been fetched from there now.
   *
   * @throws IllegalArgumentException if {@code as} is not a registry reference, or names a digest
   *     that is not the archive's
   */
  public Filled loadAs(ImageReference archive, ImageReference as, @Nullable Platform platform)
      throws IOException {
    requireRegistry(as, "--as");
    LoaderConfig config = settings.loaderConfig(platform);
    NativePackage pkg = new PackageLookup(config, listener).open(archive);
    ResolutionRecords records = records(config);
    ResolutionRecord fromArchive = recordOf(records, archive, config);
    Digest named = as.digest();
    if (named != null && !named.equals(fromArchive.resolved())) {
      throw new IllegalArgumentException(
          "--as "
              + as
              + " names "
              + named
              + " but "
              + archive
              + " holds "
              + fromArchive.resolved()
              + "; name the tag alone or the archive's digest");
    }
    // A registry record has no source stamp; checked now, so its TTL starts with the load.
    ResolutionRecord record = fromArchive.checkedAt(Instant.now(), "");
    records.write(as.toString(), ResolutionRecords.platformKey(config.platform()), record);
    return recordSpellings(records, as, record, config.platform(), pkg);
  }

  /** Every platform that {@code reference}'s index names, in index order, each once. */
  public List<Platform> platformsOf(ImageReference reference) throws IOException {
    Set<Platform> platforms = new LinkedHashSet<>();
    for (PlatformManifests.Entry entry : new IndexEntries(sources).of(reference, "fetch")) {
      if (entry.platform() != null) {
        platforms.add(entry.platform());
      }
    }
    if (platforms.isEmpty()) {
      throw new IllegalArgumentException(
          reference + "'s index names no platform; fetch it without --all-platforms");
    }
    return List.copyOf(platforms);
  }

  /**
   * Writes the digest spellings of {@code reference} (the given one is already recorded), and the
   * host key's record where a platform without variant was asked for.
   */
  private static Filled recordSpellings(
      ResolutionRecords records,
      ImageReference reference,
      ResolutionRecord record,
      @Nullable Platform platform,
      NativePackage pkg)
      throws IOException {
    Set<String> spellings = new LinkedHashSet<>();
    spellings.add(reference.toString());
    ImageReference pinned = reference.withDigest(record.resolved());
    spellings.add(pinned.toString());
    if (reference.kind() == ImageReference.Kind.REGISTRY) {
      spellings.add(
          ImageReference.parse(
                  reference.registry() + "/" + reference.repository() + "@" + record.resolved())
              .toString());
    }
    boolean host = platform == null || platform.variant() == null;
    for (String spelling : spellings) {
      records.write(spelling, ResolutionRecords.platformKey(platform), record);
      if (platform != null && host) {
        records.write(spelling, ResolutionRecords.hostKey(platform), record);
      }
    }
    Platform label = platform != null ? platform : Platform.current();
    return new Filled(label.toString(), pkg, List.copyOf(spellings), host);
  }

  private static ResolutionRecord recordOf(
      ResolutionRecords records, ImageReference reference, LoaderConfig config) {
    return records
        .read(reference.toString(), ResolutionRecords.platformKey(config.platform()))
        .orElseThrow(
            () ->
                new IllegalStateException(
                    "the loader wrote no record for "
                        + reference
                        + " under "
                        + ResolutionRecords.platformKey(config.platform())
                        + "; the record keys of RecordKeys and PackageLookup differ"));
  }

  private static ResolutionRecords records(LoaderConfig config) {
    return new ResolutionRecords(new ContentStore(config.cacheDir()));
  }

  private static void requireRegistry(ImageReference reference, String option) {
    if (reference.kind() != ImageReference.Kind.REGISTRY) {
      throw new IllegalArgumentException(
          option
              + " takes the registry reference that the application names"
              + " (HOST/REPOSITORY:TAG[@DIGEST]), not the local source \""
              + reference
              + "\"");
    }
  }
}
