package dev.ocipkg.internal.io;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Writes a {@link JsonValue} as JSON text, in the two layouts that jackson-core wrote before the
 * loader had its own JSON code, byte for byte (so that policy fingerprints and the files ocipkg
 * writes stay the same): compact, and that of Jackson's default pretty printer (two spaces a level,
 * {@code "name" : value}, arrays on one line as {@code [ 1, 2 ]}, empty ones as {@code { }} and
 * {@code [ ]}, lines ended by the system's line separator).
 *
 * <p>Strings escape what JSON requires, as Jackson does: the quote, the backslash, {@code \b \t \n
 * \f \r}, other control characters as {@code \}{@code u00XX} (upper-case hexadecimal). The rest is
 * written as it is, but in UTF-8 output, where every surrogate is escaped (a character beyond
 * U+FFFF as its pair of escapes, a lone surrogate, which only an escape in a document can make, as
 * its own), as Jackson's byte generator did.
 */
final class JsonWriter {
  private static final char[] HEX = "0123456789ABCDEF".toCharArray();
  private static final String LINE = System.lineSeparator();

  private final StringBuilder out = new StringBuilder();
  private final boolean sortedFields;
  private final boolean pretty;
  private final boolean forUtf8;
  private int level;

  private JsonWriter(boolean sortedFields, boolean pretty, boolean forUtf8) {
    this.sortedFields = sortedFields;
    this.pretty = pretty;
    this.forUtf8 = forUtf8;
  }

  /**
   * @param sortedFields whether each object's fields are written sorted by name (their order in the
   *     document otherwise)
   * @param pretty whether in the pretty printer's layout (compact otherwise)
   */
  static String write(JsonValue value, boolean sortedFields, boolean pretty) {
    JsonWriter writer = new JsonWriter(sortedFields, pretty, false);
    writer.value(value);
    return writer.out.toString();
  }

  /** As {@link #write}, in UTF-8. */
  static byte[] utf8(JsonValue value, boolean sortedFields, boolean pretty) {
    JsonWriter writer = new JsonWriter(sortedFields, pretty, true);
    writer.value(value);
    return writer.out.toString().getBytes(StandardCharsets.UTF_8);
  }

  private void value(JsonValue value) {
    if (value.isObject()) {
      object(value.fieldMap());
    } else if (value.isArray()) {
      array(value.elements());
    } else if (value.isTextual()) {
      string(value.asText());
    } else if (value.isNumber()) {
      out.append(value.numberText());
    } else if (value.isBoolean()) {
      out.append(value.booleanValue() ? "true" : "false");
    } else {
      out.append("null");
    }
  }

  private void object(Map<String, JsonValue> fields) {
    Map<String, JsonValue> written = sortedFields ? new TreeMap<>(fields) : fields;
    out.append('{');
    level++;
    boolean first = true;
    for (Map.Entry<String, JsonValue> field : written.entrySet()) {
      if (!first) {
        out.append(',');
      }
      first = false;
      newLine();
      string(field.getKey());
      out.append(pretty ? " : " : ":");
      value(field.getValue());
    }
    level--;
    if (first) {
      space();
    } else {
      newLine();
    }
    out.append('}');
  }

  private void array(List<JsonValue> elements) {
    out.append('[');
    space();
    boolean first = true;
    for (JsonValue element : elements) {
      if (!first) {
        out.append(',');
        space();
      }
      first = false;
      value(element);
    }
    if (!first) {
      space();
    }
    out.append(']');
  }

  private void newLine() {
    if (pretty) {
      out.append(LINE);
      for (int i = 0; i < level; i++) {
        out.append("  ");
      }
    }
  }

  private void space() {
    if (pretty) {
      out.append(' ');
    }
  }

  private void string(String text) {
    out.append('"');
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      switch (c) {
        case '"':
          out.append("\\\"");
          break;
        case '\\':
          out.append("\\\\");
          break;
        case '\b':
          out.append("\\b");
          break;
        case '\t':
          out.append("\\t");
          break;
        case '\n':
          out.append("\\n");
          break;
        case '\f':
          out.append("\\f");
          break;
        case '\r':
          out.append("\\r");
          break;
        default:
          if (c < 0x20 || (forUtf8 && Character.isSurrogate(c))) {
            unicodeEscape(c);
          } else {
            out.append(c);
          }
      }
    }
    out.append('"');
  }

  private void unicodeEscape(char c) {
    out.append("\\u")
        .append(HEX[(c >> 12) & 0xF])
        .append(HEX[(c >> 8) & 0xF])
        .append(HEX[(c >> 4) & 0xF])
        .append(HEX[c & 0xF]);
  }
}
