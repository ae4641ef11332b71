package dev.ocipkg.tools.registry;

import dev.ocipkg.Digest;
import dev.ocipkg.internal.config.LoaderConfig;
import dev.ocipkg.internal.io.TransferListener;
import dev.ocipkg.internal.oci.ImageIndex;
import dev.ocipkg.internal.registry.BlobPuller;
import dev.ocipkg.internal.registry.ManifestPuller;
import dev.ocipkg.internal.registry.ReferrersLister;
import dev.ocipkg.internal.registry.RegistryCaller;
import dev.ocipkg.internal.registry.Repository;
import dev.ocipkg.internal.registry.TagLister;
import dev.ocipkg.internal.source.FetchedManifest;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * The registry operations the front ends (command line, Maven plugin) use: one object per loader
 * configuration, over one {@link RegistryCaller} and so one HTTP client, one token cache.
 */
public final class RegistryClient {
  private final RegistryCaller caller;
  private final ManifestPuller manifestPuller;
  private final BlobPuller blobPuller;
  private final BlobChecker blobChecker;
  private final BlobPusher blobPusher;
  private final ManifestPusher manifestPusher;
  private final TagLister tagLister;
  private final LoginChecker loginChecker;
  private final ReferrersLister referrersLister;

  public RegistryClient(LoaderConfig config) throws IOException {
    this(new RegistryCaller(config));
  }

  public RegistryClient(RegistryCaller caller) {
    this.caller = caller;
    this.manifestPuller = new ManifestPuller(caller);
    this.blobPuller = new BlobPuller(caller);
    this.blobChecker = new BlobChecker(caller);
    this.blobPusher = new BlobPusher(caller);
    this.manifestPusher = new ManifestPusher(caller);
    this.tagLister = new TagLister(caller);
    this.loginChecker = new LoginChecker(caller);
    this.referrersLister = new ReferrersLister(caller);
  }

  public RegistryCaller caller() {
    return caller;
  }

  public FetchedManifest pullManifest(
      Repository repository, String tagOrDigest, @Nullable Digest expected) throws IOException {
    return manifestPuller.pull(repository, tagOrDigest, expected);
  }

  /** The manifest {@code tag} names, or null where the repository has no such tag. */
  public @Nullable FetchedManifest pullTagIfPresent(Repository repository, String tag)
      throws IOException {
    return manifestPuller.pullIfPresent(repository, tag);
  }

  /**
   * The referrers of {@code subject} of {@code artifactType} (a registry may ignore the filter), or
   * null where the registry has no referrers API.
   */
  public @Nullable ImageIndex listReferrers(
      Repository repository, Digest subject, String artifactType) throws IOException {
    return referrersLister.list(repository, subject, artifactType);
  }

  public InputStream openBlob(Repository repository, Digest digest, long size) throws IOException {
    return blobPuller.open(repository, digest, size);
  }

  /**
   * Checks that {@code host} accepts the credentials this client holds for it ({@code GET /v2/},
   * through the token service where the registry names one); throws what it answered otherwise.
   */
  public void checkLogin(String host) throws IOException {
    loginChecker.check(host);
  }

  public boolean blobExists(Repository repository, Digest digest) throws IOException {
    return blobChecker.exists(repository, digest);
  }

  /** Whether a pushed blob was uploaded or mounted from another repository. */
  public enum PushOutcome {
    UPLOADED,
    MOUNTED
  }

  /**
   * Uploads {@code file} as blob {@code digest}, mounting it from {@code mountFrom} (the path of a
   * repository of the same registry) when the registry allows, reporting the bytes sent to {@code
   * listener}.
   *
   * @param chunkSize 0 for one monolithic PUT, else chunked PATCH uploads of this size
   */
  public PushOutcome pushBlob(
      Repository repository,
      Digest digest,
      Path file,
      @Nullable String mountFrom,
      long chunkSize,
      TransferListener listener)
      throws IOException {
    return blobPusher.push(repository, digest, file, mountFrom, chunkSize, listener);
  }

  public void pushManifest(
      Repository repository, String tagOrDigest, byte[] manifest, String mediaType)
      throws IOException {
    manifestPusher.push(repository, tagOrDigest, manifest, mediaType);
  }

  public List<String> listTags(Repository repository) throws IOException {
    return tagLister.list(repository);
  }
}
