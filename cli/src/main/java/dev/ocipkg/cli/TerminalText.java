package dev.ocipkg.cli;

/**
 * Text from elsewhere (a registry's error body, a file name, an argument) made safe to print on a
 * terminal: control characters (ESC, CR, BEL, every other C0 and C1 code, DEL) and the bidi
 * controls that reorder what a reader sees (U+202A–U+202E, U+2066–U+2069, U+200E, U+200F, U+061C)
 * are written as {@code \x1b}, {@code \r}, {@code \u202e}. A message's own line breaks are printed
 * by the caller, never taken from the text.
 */
final class TerminalText {
  private TerminalText() {}

  static String escape(String text) {
    StringBuilder out = null;
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      String replacement = replacement(c);
      if (replacement != null && out == null) {
        out = new StringBuilder(text.length() + 16).append(text, 0, i);
      }
      if (out != null) {
        out.append(replacement != null ? replacement : String.valueOf(c));
      }
    }
    return out == null ? text : out.toString();
  }

  private static String replacement(char c) {
    switch (c) {
      case '\r':
        return "\\r";
      case '\n':
        return "\\n";
      case '\t':
        return "\\t";
      default:
        break;
    }
    if (c < 0x20 || c == 0x7f) {
      return String.format("\\x%02x", (int) c);
    }
    if ((c >= 0x80 && c <= 0x9f)
        || (c >= 0x202a && c <= 0x202e)
        || (c >= 0x2066 && c <= 0x2069)
        || c == 0x200e
        || c == 0x200f
        || c == 0x061c) {
      return String.format("\\u%04x", (int) c);
    }
    return null;
  }
}
