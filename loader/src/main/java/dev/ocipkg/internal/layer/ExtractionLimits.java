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

  public ExtractionLimits {
    if (maxTotalBytes <= 0) {
      throw new IllegalArgumentException("maxTotalBytes (" + maxTotalBytes + ") must be positive");
    }
    if (maxEntries <= 0) {
      throw new IllegalArgumentException("maxEntries (" + maxEntries + ") must be positive");
    }
  }

  /** 4 GiB of content and 100,000 entries: far above any library package, far below a full disk. */
  public static ExtractionLimits defaults() {
    return new ExtractionLimits(DEFAULT_MAX_TOTAL_BYTES, DEFAULT_MAX_ENTRIES);
  }
}
