package dev.ocipkg.internal.layer;

/**
 * What one package may still write: bytes of content and entries, counted over all its layers.
 *
 * <p>Bytes are charged before they are written, so the content on disk never exceeds the limit.
 * Thread-safe: the layers of one package may extract at the same time.
 */
final class ExtractionBudget {
  private final ExtractionLimits limits;
  private long bytes;
  private long entries;

  ExtractionBudget(ExtractionLimits limits) {
    this.limits = limits;
  }

  synchronized long bytes() {
    return bytes;
  }

  synchronized long entries() {
    return entries;
  }

  /** Counts one more archive entry. */
  synchronized void chargeEntry(String layer, String entry) throws UnsafeLayerException {
    if (entries >= limits.maxEntries()) {
      throw new UnsafeLayerException(
          layer,
          entry,
          "the package has more than "
              + limits.maxEntries()
              + " entries (extraction limit maxEntries)");
    }
    entries++;
  }

  /** Refuses up front an entry whose declared size alone would exceed what is left. */
  synchronized void checkDeclared(long size, String layer, String entry)
      throws UnsafeLayerException {
    if (size > limits.maxTotalBytes() - bytes) {
      throw overLimit(layer, entry, "its declared size of " + size + " bytes");
    }
  }

  /** Charges {@code count} bytes that are about to be written. */
  synchronized void chargeBytes(long count, String layer, String entry)
      throws UnsafeLayerException {
    if (count > limits.maxTotalBytes() - bytes) {
      throw overLimit(layer, entry, "its content");
    }
    bytes += count;
  }

  private UnsafeLayerException overLimit(String layer, String entry, String what) {
    return new UnsafeLayerException(
        layer,
        entry,
        what
            + " would take the package past "
            + limits.maxTotalBytes()
            + " bytes (extraction limit maxTotalBytes, "
            + bytes
            + " bytes already written)");
  }
}
