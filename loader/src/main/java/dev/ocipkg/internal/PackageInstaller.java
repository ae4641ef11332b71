package dev.ocipkg.internal;

import dev.ocipkg.Digest;
import dev.ocipkg.ImageReference;
import dev.ocipkg.internal.config.LoaderConfig;
import dev.ocipkg.internal.io.FileTrees;
import dev.ocipkg.internal.io.LazyLogger;
import dev.ocipkg.internal.io.TransferListener;
import dev.ocipkg.internal.layer.ExtractionLimits;
import dev.ocipkg.internal.layer.PackageAssembly;
import dev.ocipkg.internal.layer.UnsafeLayerException;
import dev.ocipkg.internal.layer.UnsupportedLayerException;
import dev.ocipkg.internal.oci.Descriptor;
import dev.ocipkg.internal.oci.ImageManifest;
import dev.ocipkg.internal.oci.PlatformMatcher;
import dev.ocipkg.internal.source.ContentSource;
import dev.ocipkg.internal.source.DigestMismatchException;
import dev.ocipkg.internal.source.FetchedManifest;
import dev.ocipkg.internal.source.ProgressInputStream;
import dev.ocipkg.internal.source.VerifyingInputStream;
import dev.ocipkg.internal.store.ContentStore;
import dev.ocipkg.internal.store.ResolutionRecord;
import dev.ocipkg.internal.store.StoreLock;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.jspecify.annotations.Nullable;

/**
 * Installs a package into the store: resolves a reference at its source, chooses the platform, has
 * the trust policy check it, and fetches, verifies and extracts its layers.
 *
 * <p>Each layer byte is read once: the network stream passes through a {@link VerifyingInputStream}
 * (size, digest) straight into the extractor, and is not kept (nothing reads a layer blob once its
 * package is extracted; manifests and the config are kept). The layers and the config stream at the
 * same time, up to {@code ocipkg.downloads} of them ({@link LayerTasks}; a config failure is
 * reported only once the layers are in), each layer extracted as it arrives by a {@link
 * PackageAssembly}, which builds what extracting them one after the other would; only when every
 * layer verified does the package folder move into {@code packages/}. A lock per package makes
 * threads and processes that want the same package wait for the one that fetches it, so each blob
 * is downloaded once.
 */
final class PackageInstaller {
  private static final System.Logger LOG = LazyLogger.of(PackageInstaller.class);
  private static final int COPY_BUFFER_BYTES = 256 * 1024;

  private final ContentStore store;
  private final LoaderConfig config;
  private final TransferListener listener;
  private final @Nullable PackageVerifier verifier;
  private final ReadOnlyLayers readOnly;
  private final LoadEvents events;

  /**
   * @param verifier the trust check every package passes before extraction, or null for none (no
   *     policy configured)
   * @param readOnly the read-only caches, whose packages are not fetched again
   */
  PackageInstaller(
      ContentStore store,
      LoaderConfig config,
      TransferListener listener,
      @Nullable PackageVerifier verifier,
      ReadOnlyLayers readOnly,
      LoadEvents events) {
    this.store = store;
    this.config = config;
    this.listener = listener;
    this.verifier = verifier;
    this.readOnly = readOnly;
    this.events = events;
  }

  /**
   * Resolves {@code reference} at {@code source} and makes sure its package is in the store, or in
   * a read-only cache: one whose record of {@code key} for {@code platformKey} names what the
   * source answers now is used without fetching more than that answer, as is one that holds the
   * platform manifest chosen. Nothing is stored then; the caller writes the record.
   */
  ResolutionRecord pull(
      ImageReference reference,
      ContentSource source,
      PlatformMatcher matcher,
      String key,
      String platformKey)
      throws IOException {
    FetchedManifest top = source.fetchManifest(reference.tag(), reference.digest());
    @Nullable ResolutionRecord held = readOnly.holding(key, platformKey, top.digest());
    if (held != null) {
      if (verifier != null) {
        verifier.verify(reference, source, top.digest(), held.manifest());
      }
      return new ResolutionRecord(
          top.digest(), held.manifest(), held.platform(), config.time().now(), "");
    }
    String where = source.name() + " " + reference;
    PlatformManifests.Choice choice = new PlatformManifests(source, where).choose(top, matcher);
    FetchedManifest manifestBytes = choice.manifest();
    ImageManifest manifest = choice.parsed();
    if (verifier != null) {
      // Before anything of the package reaches the store: a refused package leaves no trace.
      verifier.verify(reference, source, top.digest(), manifestBytes.digest());
    }
    Digest manifestDigest = manifestBytes.digest();
    ResolutionRecord record =
        new ResolutionRecord(
            top.digest(),
            manifestDigest,
            StoredPackage.recorded(choice.platform()),
            config.time().now(),
            "");
    if (!store.hasPackage(manifestDigest) && readOnly.holdPackage(manifestDigest)) {
      return record;
    }
    for (FetchedManifest document : choice.documents()) {
      storeBytes(document);
    }
    if (!store.hasPackage(manifestDigest)) {
      try (StoreLock lock = store.lockPackage(manifestDigest)) {
        if (!store.hasPackage(manifestDigest)) {
          store.cleanAbandonedTemps();
          long start = System.nanoTime();
          try {
            extractPackage(source, manifest, manifestDigest, where);
          } catch (TamperedBlobException e) {
            // The bad blob is gone; this time it comes from the source, verified as it streams.
            LOG.log(System.Logger.Level.WARNING, e.getMessage());
            extractPackage(source, manifest, manifestDigest, where);
          }
          events.extracted(reference, manifestDigest, store.packagePath(manifestDigest), start);
        }
      }
    }
    storeBytes(manifestBytes);
    return record;
  }

  private void extractPackage(
      ContentSource source, ImageManifest manifest, Digest manifestDigest, String where)
      throws IOException {
    ExtractionLimits limits =
        new ExtractionLimits(config.maxPackageBytes(), ExtractionLimits.defaults().maxEntries());
    DeclaredSizes.checkPackage(manifest, limits, where);
    List<Descriptor> layers = manifest.layers();
    Path packageDir = store.newPackageTempDirectory(manifestDigest);
    List<Path> staging = new ArrayList<>();
    try {
      for (int i = 1; i < layers.size(); i++) {
        staging.add(store.newTempDirectory("layer-" + i + "-of-" + manifestDigest.hex()));
      }
      // With more than one download allowed, each layer is also read and decompressed on a
      // thread of its own while another writes its files.
      PackageAssembly assembly =
          new PackageAssembly(
              layers.size(), packageDir, staging, limits, config.parallelDownloads() > 1);
      // The config is one more task after the layers, beside them when downloads run at once
      // (a small package's pull saves a round trip). Its failure is kept until the layers are in:
      // a layer's refusal is what to report, and a config failure must not cancel them.
      AtomicReference<@Nullable Exception> configFailure = new AtomicReference<>();
      LayerTasks.runAll(
          layers.size() + 1,
          config.parallelDownloads(),
          (index, cancellation) -> {
            if (index < layers.size()) {
              extractLayer(source, layers.get(index), index, assembly, cancellation);
            } else {
              try {
                fetchBlob(source, manifest.config(), cancellation);
              } catch (IOException | RuntimeException e) {
                configFailure.set(e);
              }
            }
          },
          assembly::abandon);
      rethrow(configFailure.get());
      // Complete or absent, even if something outside this process touched the folder meanwhile.
      assembly.checkExtracted("package " + manifestDigest + " of " + where);
      store.publishPackage(packageDir, manifestDigest);
    } finally {
      FileTrees.deleteQuietly(packageDir);
      for (Path folder : staging) {
        FileTrees.deleteQuietly(folder);
      }
    }
  }

  /**
   * Extracts the layer at {@code index} as it streams from the source, verified as it is read and
   * not kept: nothing reads a layer blob once its package is extracted. A blob the store holds from
   * before (an older version kept them) is extracted from there instead, verified as it is read.
   */
  private void extractLayer(
      ContentSource source,
      Descriptor layer,
      int index,
      PackageAssembly assembly,
      LayerTasks.Cancellation cancellation)
      throws IOException {
    String name = layer.digest().toString(); // messages say "layer <digest>"
    LayerReader extract =
        in -> assembly.extract(index, in, layer.mediaType(), layer.annotations(), name);
    if (!store.hasBlob(layer.digest())) {
      transfer(
          source, layer, cancellation, null, verified -> extractVerified(verified, extract, false));
      return;
    }
    Path blob = store.blobPath(layer.digest());
    try (InputStream in =
        cancellation.guard(
            Files.newInputStream(blob, LinkOption.NOFOLLOW_LINKS), "stored blob " + blob)) {
      // The store may have been changed since, so verified as it is read. A local file is cheap
      // to read to its end, so even a refused layer is drained: a tampered blob must be named as
      // such, not blamed on its publisher.
      VerifyingInputStream verified =
          new VerifyingInputStream(in, layer.digest(), layer.size(), null, "stored blob " + blob);
      extractVerified(verified, extract, true);
      verified.drainAndVerify();
    } catch (DigestMismatchException mismatch) {
      Files.deleteIfExists(blob);
      throw new TamperedBlobException(blob, source.name(), mismatch);
    }
  }

  /** What extracts a layer from a stream. */
  @FunctionalInterface
  private interface LayerReader {
    void read(InputStream layer) throws IOException;
  }

  /**
   * Extracts a layer from a stream being verified; where extraction fails, a digest mismatch found
   * by reading the rest is thrown in its place.
   *
   * @param drainRefused whether to read the rest even after the extractor refused the content; a
   *     download stops at a refusal instead, whatever the layer's size
   */
  private static void extractVerified(
      VerifyingInputStream verified, LayerReader extract, boolean drainRefused) throws IOException {
    try {
      extract.read(verified);
    } catch (UnsafeLayerException | UnsupportedLayerException refused) {
      if (drainRefused) {
        verifyRest(verified, refused);
      }
      throw refused;
    } catch (IOException extractionFailure) {
      // Altered bytes often break decompression first; the digest is the real finding. The
      // declared size was checked before the download, so draining is bounded.
      verifyRest(verified, extractionFailure);
      throw extractionFailure;
    }
  }

  /** What reads a blob as it downloads; may leave bytes unread. */
  @FunctionalInterface
  private interface BlobReader {
    void read(VerifyingInputStream blob) throws IOException;
  }

  /**
   * Streams {@code blob} from the source into {@code reader}, its size and digest checked to its
   * end, copied to {@code copy} if not null.
   */
  private void transfer(
      ContentSource source,
      Descriptor blob,
      LayerTasks.Cancellation cancellation,
      @Nullable OutputStream copy,
      BlobReader reader)
      throws IOException {
    listener.started(TransferListener.Action.PULL, blob.digest(), blob.size());
    try (InputStream raw =
            new ProgressInputStream(
                cancellation.guard(
                    source.openBlob(blob.digest(), blob.size()), "blob " + blob.digest()),
                blob.digest(),
                listener);
        VerifyingInputStream verified =
            new VerifyingInputStream(
                raw,
                blob.digest(),
                blob.size(),
                copy,
                "blob " + blob.digest() + " from " + source.name())) {
      reader.read(verified);
      verified.drainAndVerify();
    }
    listener.finished(blob.digest(), blob.size(), TransferListener.Outcome.PULLED);
  }

  /**
   * Reads the rest of a layer whose extraction failed: a digest mismatch, if there is one, is
   * thrown in place of the extraction error (which is attached to it).
   */
  private static void verifyRest(VerifyingInputStream verified, IOException extractionFailure)
      throws IOException {
    try {
      verified.drainAndVerify();
    } catch (DigestMismatchException mismatch) {
      mismatch.addSuppressed(extractionFailure);
      throw mismatch;
    } catch (IOException e) {
      extractionFailure.addSuppressed(e);
    }
  }

  private static void rethrow(@Nullable Exception failure) throws IOException {
    if (failure instanceof IOException e) {
      throw e;
    }
    if (failure instanceof RuntimeException e) {
      throw e;
    }
  }

  /** Fetches a small blob (the config) into the store, verified, unless it is there already. */
  private void fetchBlob(
      ContentSource source, Descriptor blob, LayerTasks.Cancellation cancellation)
      throws IOException {
    if (store.hasBlob(blob.digest())) {
      return;
    }
    // The temp file only once the source answered: nothing to clean while a request waits.
    Path temp = store.newTempFile("blob-" + blob.digest().hex());
    try {
      // WRITE only, no TRUNCATE_EXISTING: ext4 flushes a truncated-and-rewritten file on close
      // (its rename-safety heuristic).
      try (OutputStream copy =
          new BufferedOutputStream(
              Files.newOutputStream(temp, StandardOpenOption.WRITE), COPY_BUFFER_BYTES)) {
        transfer(source, blob, cancellation, copy, verified -> {});
      }
      store.publishBlob(temp, blob.digest());
    } finally {
      Files.deleteIfExists(temp);
    }
  }

  /** Keeps a verified manifest or index in the store, so the store can serve it offline. */
  private void storeBytes(FetchedManifest m) throws IOException {
    if (store.hasBlob(m.digest())) {
      return;
    }
    Path temp = store.newTempFile("blob-" + m.digest().hex());
    try {
      Files.write(temp, m.bytes());
      store.publishBlob(temp, m.digest());
    } finally {
      Files.deleteIfExists(temp);
    }
  }
}
