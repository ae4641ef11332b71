package dev.ocipkg.internal.layer;

import dev.ocipkg.internal.io.ForeignText;
import java.io.IOException;

/** A layer whose media type (and annotations) say nothing that this loader can unpack. */
public final class UnsupportedLayerException extends IOException {
  private static final long serialVersionUID = 1L;

  private final String layer;
  private final String mediaType;

  UnsupportedLayerException(String layer, String mediaType) {
    super(
        "layer "
            + layer
            + ": unsupported media type \""
            + ForeignText.escape(mediaType)
            + "\"; supported are tar layers (OCI and Docker image layers, plain, gzip or zstd),"
            + " "
            + LayerFormat.OCIPKG_LAYER
            + ", and any layer annotated with "
            + LayerFormat.TITLE_ANNOTATION
            + " (ORAS)");
    this.layer = layer;
    this.mediaType = mediaType;
  }

  public String layer() {
    return layer;
  }

  public String mediaType() {
    return mediaType;
  }
}
