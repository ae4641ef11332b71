package dev.ocipkg.tools.transfer;

import dev.ocipkg.Digest;
import dev.ocipkg.internal.io.ParallelTasks;
import dev.ocipkg.internal.io.TransferListener;
import dev.ocipkg.internal.oci.Descriptor;
import dev.ocipkg.internal.oci.ImageIndex;
import dev.ocipkg.internal.oci.ImageManifest;
import dev.ocipkg.internal.oci.ManifestOrIndex;
import dev.ocipkg.internal.oci.OciJson;
import dev.ocipkg.internal.registry.Repository;
import dev.ocipkg.internal.source.NotFoundException;
import dev.ocipkg.tools.layout.ArtifactFormat;
import dev.ocipkg.tools.layout.PackInputException;
import dev.ocipkg.tools.registry.RegistryClient;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Pushes an image (index or manifest) of an OCI image layout folder to a registry repository: blobs
 * first, {@value #BLOBS_AT_ONCE} at a time (skipped when the repository has them, mounted when
 * another repository named by the caller has them), then each platform manifest by digest, then the
 * index, last, under every tag. A registry never sees an index whose children it lacks.
 */
public final class LayoutPusher {
  /** Blob uploads in flight at once, as ORAS does by default. */
  static final int BLOBS_AT_ONCE = 3;

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
   * repository} under {@code tags}.
   *
   * @param mountFrom the path of a repository of the same registry to mount blobs from, or null
   */
  public PushReport push(
      Path layout,
      String layoutTag,
      Repository repository,
      List<String> tags,
      @Nullable String mountFrom)
      throws IOException {
    return push(layout, layoutTag, repository, tags, mountFrom, null);
  }

  /**
   * As {@link #push(Path, String, Repository, List, String)}, in {@code format}: null pushes the
   * image as the layout holds it; {@link ArtifactFormat#MANIFEST} pushes the one platform manifest
   * of an index alone under the tags; {@link ArtifactFormat#INDEX} requires an index.
   *
   * @throws PackInputException where the layout's image cannot take that format
   */
  public PushReport push(
      Path layout,
      String layoutTag,
      Repository repository,
      List<String> tags,
      @Nullable String mountFrom,
      @Nullable ArtifactFormat format)
      throws IOException {
    ImageIndex layoutIndex =
        OciJson.parseIndex(
            Files.readAllBytes(layout.resolve("index.json")), layout + "/index.json");
    Descriptor root = layoutIndex.findByRefName(layoutTag);
    if (root == null) {
      throw new NotFoundException(
          "tag \"" + layoutTag + "\" is not in " + layout + "; it holds " + layoutIndex.refNames());
    }
    Work work = new Work(layout, repository, mountFrom);
    byte[] rootBytes = work.read(root.digest());
    ManifestOrIndex parsed =
        OciJson.parse(rootBytes, root.mediaType(), layout + " " + root.digest());
    if (format == ArtifactFormat.MANIFEST && parsed instanceof ImageIndex) {
      List<Descriptor> platforms = ((ImageIndex) parsed).manifests();
      if (platforms.size() != 1) {
        throw new PackInputException(
            "the manifest format holds one platform, and "
                + layoutTag
                + " in "
                + layout
                + " has "
                + platforms.size()
                + " ("
                + String.join(", ", platforms.stream().map(LayoutPusher::label).toList())
                + "): push the index format, or pack each platform on its own");
      }
      root = platforms.get(0);
      rootBytes = work.read(root.digest());
      parsed = OciJson.parseManifest(rootBytes, layout + " " + root.digest());
    } else if (format == ArtifactFormat.INDEX && !(parsed instanceof ImageIndex)) {
      throw new PackInputException(
          layoutTag
              + " in "
              + layout
              + " is a single manifest, not an index: push it without --format, or pack it"
              + " again in the index format");
    }
    // Every blob first, a few at a time; then the manifests, children before the index.
    Map<Digest, Descriptor> blobs = new LinkedHashMap<>();
    Map<Descriptor, byte[]> children = new LinkedHashMap<>();
    if (parsed instanceof ImageIndex) {
      for (Descriptor child : ((ImageIndex) parsed).manifests()) {
        byte[] childBytes = work.read(child.digest());
        addBlobs(blobs, OciJson.parseManifest(childBytes, layout + " " + child.digest()));
        children.put(child, childBytes);
      }
    } else {
      addBlobs(blobs, (ImageManifest) parsed);
    }
    List<ParallelTasks.Task> uploads = new ArrayList<>();
    for (Descriptor blob : blobs.values()) {
      uploads.add(() -> work.pushBlob(blob));
    }
    ParallelTasks.runAll(uploads, BLOBS_AT_ONCE, "ocipkg-upload");
    for (Map.Entry<Descriptor, byte[]> child : children.entrySet()) {
      Descriptor d = child.getKey();
      client.pushManifest(repository, d.digest().toString(), child.getValue(), d.mediaType());
      listener.manifestWritten(d.digest(), d.digest().toString());
    }
    client.pushManifest(repository, root.digest().toString(), rootBytes, root.mediaType());
    for (String tag : tags) {
      client.pushManifest(repository, tag, rootBytes, root.mediaType());
      listener.manifestWritten(root.digest(), tag);
    }
    return new PushReport(
        List.copyOf(work.uploaded),
        List.copyOf(work.skipped),
        List.copyOf(work.mounted),
        root.digest(),
        List.copyOf(tags));
  }

  private static String label(Descriptor d) {
    return d.platform() == null ? d.digest().toString() : d.platform().toString();
  }

  private static void addBlobs(Map<Digest, Descriptor> blobs, ImageManifest manifest) {
    for (Descriptor blob : manifest.blobs()) {
      blobs.putIfAbsent(blob.digest(), blob);
    }
  }

  /** The state of one push. */
  private final class Work {
    final Path layout;
    final Repository repository;
    final @Nullable String mountFrom;
    // Blobs are pushed from several threads at once.
    final List<Digest> uploaded = Collections.synchronizedList(new ArrayList<>());
    final List<Digest> skipped = Collections.synchronizedList(new ArrayList<>());
    final List<Digest> mounted = Collections.synchronizedList(new ArrayList<>());

    Work(Path layout, Repository repository, @Nullable String mountFrom) {
      this.layout = layout;
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

    /** Pushes one blob; {@link #push} hands each digest over once. */
    void pushBlob(Descriptor blob) throws IOException {
      Digest digest = blob.digest();
      if (client.blobExists(repository, digest)) {
        skipped.add(digest);
        listener.finished(digest, blob.size(), TransferListener.Outcome.EXISTS);
        return;
      }
      listener.started(TransferListener.Action.PUSH, digest, blob.size());
      RegistryClient.PushOutcome outcome =
          client.pushBlob(repository, digest, blobFile(digest), mountFrom, chunkSize, listener);
      boolean wasMounted = outcome == RegistryClient.PushOutcome.MOUNTED;
      (wasMounted ? mounted : uploaded).add(digest);
      listener.finished(
          digest,
          blob.size(),
          wasMounted ? TransferListener.Outcome.MOUNTED : TransferListener.Outcome.UPLOADED);
    }
  }
}
