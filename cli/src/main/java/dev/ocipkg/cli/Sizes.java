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

  /**
   * Parses {@code 8388608}, {@code 8M}, {@code 8MiB}, {@code 512k}: binary units.
   *
   * @throws IllegalArgumentException quoting the text
   */
  static long parse(String text) {
    String t = text.strip().toLowerCase(Locale.ROOT).replace("ib", "").replace("b", "");
    long factor = 1;
    if (!t.isEmpty()) {
      switch (t.charAt(t.length() - 1)) {
        case 'k':
          factor = 1L << 10;
          break;
        case 'm':
          factor = 1L << 20;
          break;
        case 'g':
          factor = 1L << 30;
          break;
        default:
          factor = 1;
      }
      if (factor > 1) {
        t = t.substring(0, t.length() - 1);
      }
    }
    try {
      long value = Long.parseLong(t.strip());
      if (value < 0) {
        throw new NumberFormatException();
      }
      return Math.multiplyExact(value, factor);
    } catch (NumberFormatException | ArithmeticException e) {
      throw new IllegalArgumentException(
          "\"" + text + "\" is not a size such as 8MiB, 512KiB or 1048576");
    }
  }
}
