package dev.ocipkg.tools.sign;

import java.util.Map;
import java.util.TreeMap;

/**
 * JSON text as Go's {@code encoding/json} writes it, which is how cosign makes its payloads,
 * configs and manifests: compact, struct fields in declaration order (the caller's order), map keys
 * sorted, and strings escaped the Go way ({@code <}, {@code >}, {@code &}, U+2028 and U+2029 as
 * {@code \}{@code u…} with lower-case hex). Byte-for-byte equality with cosign's output depends on
 * these rules, so they are not left to a general JSON library.
 */
final class GoJson {
  private final StringBuilder out = new StringBuilder(256);
  private boolean needComma;

  GoJson beginObject() {
    comma();
    out.append('{');
    needComma = false;
    return this;
  }

  GoJson endObject() {
    out.append('}');
    needComma = true;
    return this;
  }

  GoJson beginArray() {
    comma();
    out.append('[');
    needComma = false;
    return this;
  }

  GoJson endArray() {
    out.append(']');
    needComma = true;
    return this;
  }

  /** A field name; the value follows. */
  GoJson name(String name) {
    comma();
    quote(name);
    out.append(':');
    needComma = false;
    return this;
  }

  GoJson value(String value) {
    comma();
    quote(value);
    needComma = true;
    return this;
  }

  GoJson value(long value) {
    comma();
    out.append(value);
    needComma = true;
    return this;
  }

  GoJson nullValue() {
    comma();
    out.append("null");
    needComma = true;
    return this;
  }

  /** A Go {@code map[string]string}: keys in sorted order. */
  GoJson stringMap(Map<String, String> map) {
    beginObject();
    new TreeMap<>(map).forEach((k, v) -> name(k).value(v));
    return endObject();
  }

  String text() {
    return out.toString();
  }

  byte[] bytes() {
    return out.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8);
  }

  private void comma() {
    if (needComma) {
      out.append(',');
    }
  }

  private void quote(String s) {
    out.append('"');
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '"':
          out.append("\\\"");
          break;
        case '\\':
          out.append("\\\\");
          break;
        case '\n':
          out.append("\\n");
          break;
        case '\r':
          out.append("\\r");
          break;
        case '\t':
          out.append("\\t");
          break;
        case '\b': // Go 1.22 and later
          out.append("\\b");
          break;
        case '\f':
          out.append("\\f");
          break;
        default:
          if (c < 0x20 || c == '<' || c == '>' || c == '&' || c == '\u2028' || c == '\u2029') {
            out.append(String.format("\\u%04x", (int) c));
          } else {
            out.append(c);
          }
      }
    }
    out.append('"');
  }
}
