package dev.ocipkg.tools.transfer;

import dev.ocipkg.Digest;
import dev.ocipkg.internal.io.ParallelTasks;
import dev.ocipkg.internal.io.TransferListener;
import dev.ocipkg.internal.oci.Descriptor;
import dev.ocipkg.internal.oci.ImageIndex;
import dev.ocipkg.internal.oci.ImageManifest;
import dev.ocipkg.internal.oci.ManifestOrIndex;
import dev.ocipkg.internal.oci.OciJson;
import dev.ocipkg.internal.source.ContentSource;
import dev.ocipkg.internal.source.FetchedManifest;
import dev.ocipkg.internal.source.ProgressInputStream;
import dev.ocipkg.internal.source.VerifyingInputStream;
import dev.ocipkg.tools.layout.LayoutWriter;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Copies one image — an index with every platform's manifest, or a single manifest — with all its
 * blobs from a {@link ContentSource} (registry, layout, archive) into an OCI layout, byte for byte.
 * Each manifest and blob is verified against its digest on the way; blobs that the layout already
 * has are not fetched.
 */
public final class ImageCopier {
  /** Blob copies in flight at once. */
  static final int BLOBS_AT_ONCE = 3;

  private final TransferListener listener;

  public ImageCopier(TransferListener listener) {
    this.listener = listener;
  }

  /**
   * Copies the image that {@code tag} or {@code digest} names at {@code source} into {@code
   * target}, tagged {@code targetTag} there.
   *
   * @return the descriptor of the copied index or manifest
   */
  public Descriptor copy(
      ContentSource source,
      @Nullable String tag,
      @Nullable Digest digest,
      LayoutWriter target,
      String targetTag)
      throws IOException {
    FetchedManifest top = source.fetchManifest(tag, digest);
    String where = source.name() + (tag != null ? ":" + tag : "") + " " + top.digest();
    ManifestOrIndex parsed = OciJson.parse(top.bytes(), top.contentType(), where);
    // Every manifest first (small), then the blobs a few at a time, then the manifests are
    // written, children before their index: the layout never names what it lacks.
    Map<Digest, Descriptor> blobs = new LinkedHashMap<>();
    List<Child> children = new ArrayList<>();
    collect(source, parsed, where, blobs, children);
    List<ParallelTasks.Task> copies = new ArrayList<>();
    for (Descriptor blob : blobs.values()) {
      copies.add(() -> copyBlob(source, blob, target));
    }
    ParallelTasks.runAll(copies, BLOBS_AT_ONCE, "ocipkg-copy");
    for (Child child : children) {
      target.writeBlob(child.descriptor().mediaType(), child.manifest().bytes());
      listener.manifestWritten(child.descriptor().digest(), child.descriptor().digest().toString());
    }
    Descriptor root = target.writeBlob(parsed.mediaType(), top.bytes());
    target.tag(targetTag, root);
    listener.manifestWritten(root.digest(), targetTag);
    return root;
  }

  /** A manifest of an index, fetched and verified, to write once its blobs are in. */
  private record Child(Descriptor descriptor, FetchedManifest manifest) {}

  /** The blobs under {@code node}, and its child manifests after their own children. */
  private static void collect(
      ContentSource source,
      ManifestOrIndex node,
      String where,
      Map<Digest, Descriptor> blobs,
      List<Child> children)
      throws IOException {
    if (node instanceof ImageManifest) {
      for (Descriptor blob : ((ImageManifest) node).blobs()) {
        blobs.putIfAbsent(blob.digest(), blob);
      }
      return;
    }
    for (Descriptor child : ((ImageIndex) node).manifests()) {
      FetchedManifest fetched = source.fetchManifest(null, child.digest());
      String childWhere = where + " > " + child.digest();
      collect(
          source,
          OciJson.parse(fetched.bytes(), child.mediaType(), childWhere),
          childWhere,
          blobs,
          children);
      children.add(new Child(child, fetched));
    }
  }

  private void copyBlob(ContentSource source, Descriptor blob, LayoutWriter target)
      throws IOException {
    Digest digest = blob.digest();
    if (target.hasBlob(digest)) {
      listener.finished(digest, blob.size(), TransferListener.Outcome.EXISTS);
      return;
    }
    listener.started(TransferListener.Action.COPY, digest, blob.size());
    Path temp = target.newTempFile();
    try {
      try (InputStream raw =
              new ProgressInputStream(source.openBlob(digest, blob.size()), digest, listener);
          OutputStream file = Files.newOutputStream(temp);
          VerifyingInputStream verified =
              new VerifyingInputStream(
                  raw, digest, blob.size(), file, "blob " + digest + " from " + source.name())) {
        verified.drainAndVerify();
      }
      target.publishBlob(temp, digest);
    } finally {
      Files.deleteIfExists(temp);
    }
    listener.finished(digest, blob.size(), TransferListener.Outcome.COPIED);
  }
}
