package dev.ocipkg.internal.publish;

import dev.ocipkg.Digest;
import dev.ocipkg.internal.TransferListener;
import dev.ocipkg.internal.oci.Descriptor;
import dev.ocipkg.internal.oci.ImageIndex;
import dev.ocipkg.internal.oci.ImageManifest;
import dev.ocipkg.internal.oci.ManifestOrIndex;
import dev.ocipkg.internal.oci.OciJson;
import dev.ocipkg.internal.registry.RegistryClient;
import dev.ocipkg.internal.source.NotFoundException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * Pushes an image (index or manifest) of an OCI image layout folder to a registry repository: blobs
 * first (skipped when the repository has them, mounted when another repository named by the caller
 * has them), then each platform manifest by digest, then the index, last, under every tag. A
 * registry never sees an index whose children it lacks.
 */
public final class LayoutPusher {
  private final RegistryClient client;
  private final long chunkSize;
  private final TransferListener listener;

  /**
   * @param chunkSize 0 for monolithic uploads, else the size of chunked PATCH uploads
   */
  public LayoutPusher(RegistryClient client, long chunkSize) {
    this(client, chunkSize, TransferListener.NONE);
  }

  /** As {@link #LayoutPusher(RegistryClient, long)}, reporting each blob and manifest. */
  public LayoutPusher(RegistryClient client, long chunkSize, TransferListener listener) {
    this.client = client;
    this.chunkSize = chunkSize;
    this.listener = listener;
  }

  /**
   * Pushes the image that {@code layoutTag} names in the layout at {@code layout} to {@code
   * host/repository} under {@code tags}.
   *
   * @param mountFrom a repository of the same registry to mount blobs from, or null
   */
  public PushReport push(
      Path layout,
      String layoutTag,
      String host,
      String repository,
      List<String> tags,
      @Nullable String mountFrom)
      throws IOException {
    ImageIndex layoutIndex =
        OciJson.parseIndex(
            Files.readAllBytes(layout.resolve("index.json")), layout + "/index.json");
    Descriptor root = layoutIndex.findByRefName(layoutTag);
    if (root == null) {
      throw new NotFoundException(
          "tag \"" + layoutTag + "\" is not in " + layout + "; it holds " + layoutIndex.refNames());
    }
    Work work = new Work(layout, host, repository, mountFrom);
    byte[] rootBytes = work.read(root.digest());
    ManifestOrIndex parsed =
        OciJson.parse(rootBytes, root.mediaType(), layout + " " + root.digest());
    if (parsed instanceof ImageIndex) {
      for (Descriptor child : ((ImageIndex) parsed).manifests()) {
        byte[] childBytes = work.read(child.digest());
        pushManifestTree(work, OciJson.parseManifest(childBytes, layout + " " + child.digest()));
        client.pushManifest(
            host, repository, child.digest().toString(), childBytes, child.mediaType());
        listener.manifestWritten(child.digest(), child.digest().toString());
      }
    } else {
      pushManifestTree(work, (ImageManifest) parsed);
    }
    client.pushManifest(host, repository, root.digest().toString(), rootBytes, root.mediaType());
    for (String tag : tags) {
      client.pushManifest(host, repository, tag, rootBytes, root.mediaType());
      listener.manifestWritten(root.digest(), tag);
    }
    return new PushReport(
        work.uploaded, work.skipped, work.mounted, root.digest(), List.copyOf(tags));
  }

  private void pushManifestTree(Work work, ImageManifest manifest) throws IOException {
    work.pushBlob(manifest.config());
    for (Descriptor layer : manifest.layers()) {
      work.pushBlob(layer);
    }
  }

  /** The state of one push. */
  private final class Work {
    final Path layout;
    final String host;
    final String repository;
    final @Nullable String mountFrom;
    final List<Digest> uploaded = new ArrayList<>();
    final List<Digest> skipped = new ArrayList<>();
    final List<Digest> mounted = new ArrayList<>();

    Work(Path layout, String host, String repository, @Nullable String mountFrom) {
      this.layout = layout;
      this.host = host;
      this.repository = repository;
      this.mountFrom = mountFrom;
    }

    Path blobFile(Digest digest) throws IOException {
      Path file = layout.resolve("blobs").resolve(digest.algorithm()).resolve(digest.hex());
      if (!Files.isRegularFile(file)) {
        throw new NotFoundException(layout + " has no blob " + digest);
      }
      return file;
    }

    byte[] read(Digest digest) throws IOException {
      byte[] bytes = Files.readAllBytes(blobFile(digest));
      if (!digest.matches(digest.newMessageDigest().digest(bytes))) {
        throw new IOException(layout + " blob " + digest + " does not match its digest");
      }
      return bytes;
    }

    void pushBlob(Descriptor blob) throws IOException {
      Digest digest = blob.digest();
      if (uploaded.contains(digest) || skipped.contains(digest) || mounted.contains(digest)) {
        return;
      }
      if (client.blobExists(host, repository, digest)) {
        skipped.add(digest);
        listener.finished(digest, blob.size(), "exists");
        return;
      }
      listener.started("push", digest, blob.size());
      RegistryClient.PushOutcome outcome =
          client.pushBlob(
              host, repository, digest, blobFile(digest), mountFrom, chunkSize, listener);
      boolean wasMounted = outcome == RegistryClient.PushOutcome.MOUNTED;
      (wasMounted ? mounted : uploaded).add(digest);
      listener.finished(digest, blob.size(), wasMounted ? "mounted" : "uploaded");
    }
  }
}
