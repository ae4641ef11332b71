package dev.ocipkg.internal;

import dev.ocipkg.internal.layer.ExtractionLimits;
import dev.ocipkg.internal.oci.Descriptor;
import dev.ocipkg.internal.oci.ImageManifest;
import dev.ocipkg.internal.source.FetchedManifest;

/**
 * Checks the sizes that descriptors declare before anything they name is downloaded, so that a
 * source cannot make the loader read (or write to its temp folder) more than it would ever use: a
 * manifest and a config are small documents, capped like every manifest; a layer can be no larger
 * than what the package limit could ever need.
 */
final class DeclaredSizes {
  private DeclaredSizes() {}

  /** Refuses a manifest or index, named in an index, that declares more than a manifest may be. */
  static void checkManifest(Descriptor manifest, String where) throws OversizedContentException {
    checkDocument("manifest", manifest, where);
  }

  /** Refuses a config that declares more than a config may be (as a manifest). */
  static void checkConfig(Descriptor config, String where) throws OversizedContentException {
    checkDocument("config", config, where);
  }

  /** Refuses a package whose config or any layer declares more than the loader would read. */
  static void checkPackage(ImageManifest manifest, ExtractionLimits limits, String where)
      throws OversizedContentException {
    checkDocument("config", manifest.config(), where);
    for (Descriptor layer : manifest.layers()) {
      if (layer.size() > limits.maxLayerBytes()) {
        throw new OversizedContentException(
            "layer "
                + layer.digest()
                + " of "
                + where
                + " declares "
                + layer.size()
                + " bytes, more than a package within the extraction limit maxPackageBytes ("
                + limits.maxTotalBytes()
                + " bytes) could ever need ("
                + limits.maxLayerBytes()
                + " bytes, with room for tar headers and compression); nothing was downloaded");
      }
    }
  }

  private static void checkDocument(String what, Descriptor document, String where)
      throws OversizedContentException {
    if (document.size() > FetchedManifest.MAX_BYTES) {
      throw new OversizedContentException(
          what
              + " "
              + document.digest()
              + " of "
              + where
              + " declares "
              + document.size()
              + " bytes, over the limit of "
              + FetchedManifest.MAX_BYTES
              + " bytes for a "
              + what
              + "; nothing was downloaded");
    }
  }
}
