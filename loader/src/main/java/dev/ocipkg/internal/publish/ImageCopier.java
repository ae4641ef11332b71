package dev.ocipkg.internal.publish;

import dev.ocipkg.Digest;
import dev.ocipkg.internal.TransferListener;
import dev.ocipkg.internal.oci.Descriptor;
import dev.ocipkg.internal.oci.ImageIndex;
import dev.ocipkg.internal.oci.ImageManifest;
import dev.ocipkg.internal.oci.ManifestOrIndex;
import dev.ocipkg.internal.oci.OciJson;
import dev.ocipkg.internal.source.ContentSource;
import dev.ocipkg.internal.source.FetchedManifest;
import dev.ocipkg.internal.source.ProgressInputStream;
import dev.ocipkg.internal.source.VerifyingInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import org.jspecify.annotations.Nullable;

/**
 * Copies one image — an index with every platform's manifest, or a single manifest — with all its
 * blobs from a {@link ContentSource} (registry, layout, archive) into an OCI layout, byte for byte.
 * Each manifest and blob is verified against its digest on the way; blobs that the layout already
 * has are not fetched.
 */
public final class ImageCopier {

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
    copyChildren(source, parsed, where, target);
    Descriptor root = target.writeBlob(parsed.mediaType(), top.bytes());
    target.tag(targetTag, root);
    listener.manifestWritten(root.digest(), targetTag);
    return root;
  }

  private void copyChildren(
      ContentSource source, ManifestOrIndex node, String where, LayoutWriter target)
      throws IOException {
    if (node instanceof ImageManifest) {
      ImageManifest manifest = (ImageManifest) node;
      copyBlob(source, manifest.config(), target);
      for (Descriptor layer : manifest.layers()) {
        copyBlob(source, layer, target);
      }
      return;
    }
    for (Descriptor child : ((ImageIndex) node).manifests()) {
      FetchedManifest fetched = source.fetchManifest(null, child.digest());
      String childWhere = where + " > " + child.digest();
      copyChildren(
          source,
          OciJson.parse(fetched.bytes(), child.mediaType(), childWhere),
          childWhere,
          target);
      target.writeBlob(child.mediaType(), fetched.bytes());
      listener.manifestWritten(child.digest(), child.digest().toString());
    }
  }

  private void copyBlob(ContentSource source, Descriptor blob, LayoutWriter target)
      throws IOException {
    Digest digest = blob.digest();
    if (target.hasBlob(digest)) {
      listener.finished(digest, blob.size(), "exists");
      return;
    }
    listener.started("copy", digest, blob.size());
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
    listener.finished(digest, blob.size(), "copied");
  }
}
