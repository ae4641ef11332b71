package dev.ocipkg.internal.io;

import org.jspecify.annotations.Nullable;

/**
 * Text that came from outside (a registry's error body, an index's platform strings, an annotation)
 * made fit for a message: control characters, line breaks and bidirectional overrides are written
 * as {@code \}{@code uXXXX}, so a hostile server cannot clear a terminal, colour it, forge a {@code
 * Hint:} line or reorder what a reader sees; so are lone surrogates (half of a character, which a
 * JSON escape can make and a cut can leave), which no encoding can write; and the text is cut to a
 * bounded length.
 */
public final class ForeignText {
  /** How much of one foreign string a message quotes. */
  public static final int MAX_CHARS = 256;

  private static final char[] HEX = "0123456789abcdef".toCharArray();

  private ForeignText() {}

  /** {@code text} escaped and cut to {@link #MAX_CHARS}; {@code "null"} for null. */
  public static String escape(@Nullable String text) {
    return escape(text, MAX_CHARS);
  }

  /** {@code text} escaped, at most {@code maxChars} of it, and how much was left out. */
  public static String escape(@Nullable String text, int maxChars) {
    if (text == null) {
      return "null";
    }
    int shown = Math.min(text.length(), maxChars);
    StringBuilder out = new StringBuilder(shown + 16);
    appendEscaped(out, text, 0, shown, false);
    if (shown < text.length()) {
      out.append("… (").append(text.length() - shown).append(" more characters)");
    }
    return out.toString();
  }

  /**
   * A whole message, which our own code may have broken into lines, with every other control
   * character and bidirectional override escaped: the last guard before a message is shown.
   */
  public static String withoutControls(String message) {
    for (int i = 0; i < message.length(); i++) {
      char c = message.charAt(i);
      if (c != '\n' && (needsEscape(c) || isLoneSurrogate(message, i, message.length()))) {
        StringBuilder out = new StringBuilder(message.length() + 16);
        out.append(message, 0, i);
        appendEscaped(out, message, i, message.length(), true);
        return out.toString();
      }
    }
    return message;
  }

  private static void appendEscaped(
      StringBuilder out, String text, int from, int to, boolean keepNewlines) {
    for (int i = from; i < to; i++) {
      char c = text.charAt(i);
      if (Character.isHighSurrogate(c) && !isLoneSurrogate(text, i, to)) {
        out.append(c).append(text.charAt(++i)); // a whole character beyond U+FFFF
      } else if ((needsEscape(c) && !(keepNewlines && c == '\n')) || Character.isSurrogate(c)) {
        out.append("\\u")
            .append(HEX[(c >> 12) & 0xf])
            .append(HEX[(c >> 8) & 0xf])
            .append(HEX[(c >> 4) & 0xf])
            .append(HEX[c & 0xf]);
      } else {
        out.append(c);
      }
    }
  }

  /**
   * Whether the char at {@code i} is half of a character without its other half before {@code to}.
   */
  private static boolean isLoneSurrogate(String text, int i, int to) {
    char c = text.charAt(i);
    if (Character.isHighSurrogate(c)) {
      return i + 1 >= to || !Character.isLowSurrogate(text.charAt(i + 1));
    }
    return Character.isLowSurrogate(c)
        && (i == 0 || !Character.isHighSurrogate(text.charAt(i - 1)));
  }

  /**
   * C0 and C1 controls (tab, CR and LF among them), DEL, the Unicode line and paragraph separators,
   * and the characters that change the direction of text (the "Trojan Source" set).
   */
  static boolean needsEscape(char c) {
    if (c < 0x20 || (c >= 0x7f && c <= 0x9f)) {
      return true;
    }
    switch (c) {
      case '\u061c':
      case '\u200e':
      case '\u200f':
      case '\u2028':
      case '\u2029':
      case '\u202a':
      case '\u202b':
      case '\u202c':
      case '\u202d':
      case '\u202e':
      case '\u2066':
      case '\u2067':
      case '\u2068':
      case '\u2069':
        return true;
      default:
        return false;
    }
  }
}
