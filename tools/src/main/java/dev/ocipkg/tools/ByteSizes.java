package dev.ocipkg.tools;

import dev.ocipkg.internal.io.ForeignText;
import java.util.Locale;

/**
 * Byte sizes as users write them on the command line and in a POM, with one rule for both: a number
 * of bytes, or a number with a binary unit ({@code 512k}, {@code 512KiB}, {@code 8M}, {@code 8
 * MiB}, {@code 1G}, {@code 1GiB}, {@code 1T}). Decimal spellings ({@code 8MB}) are refused rather
 * than guessed at.
 */
public final class ByteSizes {
  private static final String[][] UNITS = {
    {"kib", "10"},
    {"mib", "20"},
    {"gib", "30"},
    {"tib", "40"},
    {"k", "10"},
    {"m", "20"},
    {"g", "30"},
    {"t", "40"},
    {"b", "0"}
  };

  private ByteSizes() {}

  /**
   * The number of bytes {@code text} names, zero or more.
   *
   * @throws IllegalArgumentException quoting the text and showing the accepted spellings
   */
  public static long parse(String text) {
    String number = text.strip().toLowerCase(Locale.ROOT);
    int shift = 0;
    for (String[] unit : UNITS) {
      if (number.endsWith(unit[0])) {
        shift = Integer.parseInt(unit[1]);
        number = number.substring(0, number.length() - unit[0].length()).strip();
        break;
      }
    }
    if (number.isEmpty() || !number.chars().allMatch(c -> c >= '0' && c <= '9')) {
      throw notASize(text);
    }
    try {
      return Math.multiplyExact(Long.parseLong(number), 1L << shift);
    } catch (NumberFormatException | ArithmeticException e) {
      throw notASize(text);
    }
  }

  private static IllegalArgumentException notASize(String text) {
    return new IllegalArgumentException(
        "\""
            + ForeignText.escape(text)
            + "\" is not a size such as 8MiB, 512KiB or 1048576 (binary units: K, M, G, T)");
  }
}
