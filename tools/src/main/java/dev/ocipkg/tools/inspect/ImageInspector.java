package dev.ocipkg.tools.inspect;

import dev.ocipkg.ImageReference;
import dev.ocipkg.internal.oci.Annotations;
import dev.ocipkg.internal.oci.Descriptor;
import dev.ocipkg.internal.oci.ImageIndex;
import dev.ocipkg.internal.oci.ImageManifest;
import dev.ocipkg.internal.oci.ManifestOrIndex;
import dev.ocipkg.internal.oci.MediaTypes;
import dev.ocipkg.internal.oci.OciJson;
import dev.ocipkg.internal.oci.OcipkgConfig;
import dev.ocipkg.internal.source.ContentSource;
import dev.ocipkg.internal.source.FetchedManifest;
import dev.ocipkg.internal.source.VerifyingInputStream;
import dev.ocipkg.tools.transfer.ImageSources;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;

/**
 * Describes an image without downloading its layers: the index, each manifest, and the ocipkg
 * config of each (small, verified like every blob), which names the files of each layer.
 */
public final class ImageInspector {
  private final ImageSources sources;

  public ImageInspector(ImageSources sources) {
    this.sources = sources;
  }

  /** Describes the image {@code reference} names. */
  public ImageDescription inspect(ImageReference reference) throws IOException {
    try (ContentSource source = sources.open(reference)) {
      FetchedManifest top = source.fetchManifest(reference.tag(), reference.digest());
      String where = source.name() + " " + reference;
      ManifestOrIndex parsed = OciJson.parse(top.bytes(), top.contentType(), where);
      List<ImageDescription.Manifest> manifests = new ArrayList<>();
      if (parsed instanceof ImageIndex) {
        for (Descriptor entry : ((ImageIndex) parsed).manifests()) {
          FetchedManifest child = source.fetchManifest(null, entry.digest());
          ManifestOrIndex manifest =
              OciJson.parse(child.bytes(), entry.mediaType(), where + " > " + entry.digest());
          if (manifest instanceof ImageManifest) {
            manifests.add(describe(source, entry, (ImageManifest) manifest));
          }
        }
      } else {
        Descriptor self = Descriptor.of(parsed.mediaType(), top.digest(), top.bytes().length);
        manifests.add(describe(source, self, (ImageManifest) parsed));
      }
      return new ImageDescription(
          reference.toString(),
          top.digest(),
          parsed.mediaType(),
          top.bytes().length,
          parsed.annotations(),
          manifests);
    }
  }

  private static ImageDescription.Manifest describe(
      ContentSource source, Descriptor entry, ImageManifest manifest) throws IOException {
    OcipkgConfig config = OcipkgConfig.EMPTY;
    if (MediaTypes.OCIPKG_CONFIG.equals(manifest.config().mediaType())) {
      config =
          OciJson.parseOcipkgConfig(
              readSmallBlob(source, manifest.config()), "config " + manifest.config().digest());
    }
    List<ImageDescription.Layer> layers = new ArrayList<>();
    for (Descriptor layer : manifest.layers()) {
      List<String> files = config.filesOf(layer.digest());
      String title = layer.annotation(Annotations.TITLE);
      if (files.isEmpty() && title != null) {
        files = List.of(title);
      }
      layers.add(new ImageDescription.Layer(blob(layer), layer.annotations(), files));
    }
    return new ImageDescription.Manifest(
        entry.platform(),
        entry.annotations(),
        entry.digest(),
        manifest.mediaType(),
        entry.size(),
        manifest.artifactType(),
        manifest.annotations(),
        blob(manifest.config()),
        layers);
  }

  private static ImageDescription.Blob blob(Descriptor d) {
    return new ImageDescription.Blob(d.digest(), d.mediaType(), d.size());
  }

  /** A config blob, verified; refused above the manifest size limit. */
  private static byte[] readSmallBlob(ContentSource source, Descriptor blob) throws IOException {
    if (blob.size() > FetchedManifest.MAX_BYTES) {
      throw new IOException(
          "config " + blob.digest() + " of " + blob.size() + " bytes is larger than the limit");
    }
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (InputStream raw = source.openBlob(blob.digest(), blob.size());
        VerifyingInputStream in =
            new VerifyingInputStream(
                raw, blob.digest(), blob.size(), bytes, "config " + blob.digest())) {
      in.drainAndVerify();
    }
    return bytes.toByteArray();
  }
}
