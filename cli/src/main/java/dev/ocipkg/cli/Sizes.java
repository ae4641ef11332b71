package dev.ocipkg.cli;

import dev.ocipkg.Digest;
import java.util.Locale;

/** Human-readable sizes and digests for listings. */
final class Sizes {
  private static final String[] UNITS = {"B", "KiB", "MiB", "GiB", "TiB"};

  private Sizes() {}

  /** {@code 512 B}, {@code 1.5 KiB}, {@code 12.0 MiB}. */
  static String of(long bytes) {
    if (bytes < 1024) {
      return bytes + " B";
    }
    double value = bytes;
    int unit = 0;
    while (value >= 1024 && unit < UNITS.length - 1) {
      value /= 1024;
      unit++;
    }
    return String.format(Locale.ROOT, "%.1f %s", value, UNITS[unit]);
  }

  /** {@code sha256:0123456789ab}: enough to tell blobs apart in a listing. */
  static String shortDigest(Digest digest) {
    return digest.algorithm() + ":" + digest.hex().substring(0, 12);
  }
}
