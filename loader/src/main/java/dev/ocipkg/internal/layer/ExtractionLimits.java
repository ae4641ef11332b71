package dev.ocipkg.internal.layer;

/**
 * Limits for the extraction of one package, shared by all of its layers.
 *
 * @param maxTotalBytes the most file content that may be written, summed over all layers (extended
 *     tar headers and skipped content count too)
 * @param maxEntries the most archive entries (files, directories, links, whiteouts) over all layers
 */
public record ExtractionLimits(long maxTotalBytes, long maxEntries) {
  private static final long DEFAULT_MAX_TOTAL_BYTES = 4L << 30;
  private static final long DEFAULT_MAX_ENTRIES = 100_000;

  /** See {@link #maxLayerBytes}: the fixed part of the room left for tar and compression. */
  private static final long LAYER_SLACK_BYTES = 32L << 20;

  public ExtractionLimits {
    if (maxTotalBytes <= 0) {
      throw new IllegalArgumentException("maxTotalBytes (" + maxTotalBytes + ") must be positive");
    }
    if (maxEntries <= 0) {
      throw new IllegalArgumentException("maxEntries (" + maxEntries + ") must be positive");
    }
  }

  /**
   * The largest layer blob that could extract within these limits; a layer that declares more is
   * refused before it is downloaded. Incompressible content grows under gzip or zstd by well under
   * 1%, and tar adds a 512-byte header and up to 511 bytes of padding per entry, which compress to
   * little: 1/32 of {@code maxTotalBytes} plus 32 MiB covers both with room to spare. (An
   * uncompressed tar of very many tiny files under a small limit is the one honest layer this could
   * refuse; its message names the limit to raise.)
   */
  public long maxLayerBytes() {
    long proportional = maxTotalBytes / 32;
    if (maxTotalBytes > Long.MAX_VALUE - proportional - LAYER_SLACK_BYTES) {
      return Long.MAX_VALUE;
    }
    return maxTotalBytes + proportional + LAYER_SLACK_BYTES;
  }

  /** 4 GiB of content and 100,000 entries: far above any library package, far below a full disk. */
  public static ExtractionLimits defaults() {
    return new ExtractionLimits(DEFAULT_MAX_TOTAL_BYTES, DEFAULT_MAX_ENTRIES);
  }
}
