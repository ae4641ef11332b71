package dev.ocipkg.internal.io;

/**
 * Text from outside (a registry, an artifact, the environment) made safe for a message: control
 * characters escaped, so a hostile value cannot forge lines of a log, and cut short, so a huge
 * value cannot flood one.
 */
public final class ForeignText {
  /** The most characters of one foreign value that a message quotes. */
  public static final int MAX_CHARS = 200;

  private ForeignText() {}

  /** {@code text} with control characters as {@code \\uXXXX}, at most {@link #MAX_CHARS} long. */
  public static String printable(String text) {
    return printable(text, MAX_CHARS);
  }

  /** {@code text} with control characters as {@code \\uXXXX}, cut after {@code maxChars}. */
  public static String printable(String text, int maxChars) {
    int end = Math.min(text.length(), maxChars);
    StringBuilder out = new StringBuilder(end + 8);
    for (int i = 0; i < end; i++) {
      char c = text.charAt(i);
      if (c < 0x20 || c == 0x7f || (c >= 0x80 && c < 0xa0) || c == 0x2028 || c == 0x2029) {
        out.append("\\u").append(String.format("%04x", (int) c));
      } else {
        out.append(c);
      }
    }
    if (end < text.length()) {
      out.append("… (").append(text.length() - end).append(" more characters)");
    }
    return out.toString();
  }
}
