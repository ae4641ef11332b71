package dev.ocipkg.internal.io;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Reads JSON text (RFC 8259) from UTF-8 bytes into {@link JsonValue}s, strictly: no comments,
 * single quotes, unquoted names, trailing commas, leading zeros, {@code NaN} or invalid UTF-8, and
 * nothing may touch a literal or a number (as in {@code truex}). A UTF-8 byte order mark before the
 * value is skipped.
 *
 * <p>Every document it reads is bounded already (the callers read at most a few MiB); within one,
 * nesting stops at {@value #MAX_DEPTH} levels (a dozen at most in any document read here, and far
 * below what the recursion could take on a small thread stack: a hostile body of {@code {"k":} a
 * thousand times would otherwise end in a StackOverflowError, which no caller catches) and a number
 * at {@value #MAX_NUMBER_LENGTH} digits (parsing a huge integer costs time quadratic in its
 * length). Empty strings, arrays and objects, small integers and a document's repeated field names
 * are shared, so that a hostile document of a few MiB holds no more than Jackson's tree of it did.
 *
 * <p>The loader's own reader, not jackson-core's: a fresh JVM's first Jackson parser costs it 60-75
 * ms (the parser's classes, and {@code BigDecimal}'s initialisation, which Jackson's base parser
 * triggers), on the path of every cold load.
 */
final class JsonReader {
  static final int MAX_DEPTH = 64;
  static final int MAX_NUMBER_LENGTH = 1000;

  /** How much of a field name a message about it shows. */
  private static final int MAX_NAME_SHOWN = 100;

  private final byte[] in;
  private final boolean refuseDuplicates;
  private int pos;
  private int line = 1;
  private int lineStart;
  private int depth;

  /**
   * Field names already read, so that a name repeated across a document's objects is one string (a
   * hostile document of a million {@code {"a":1}} would otherwise hold a million); bounded.
   */
  private final Map<String, String> names = new HashMap<>();

  private JsonReader(byte[] in, boolean refuseDuplicates) {
    this.in = in;
    this.refuseDuplicates = refuseDuplicates;
  }

  /**
   * The first value of {@code json}, or null if it holds none (empty, or only whitespace).
   *
   * @param refuseDuplicates whether a field repeated in an object is an error (else its last value
   *     is kept, as Go's encoding/json does)
   * @param refuseTrailing whether anything but whitespace after the value is an error (else it is
   *     not read)
   * @throws JsonValue.MalformedJson what is wrong, and where
   */
  static @Nullable JsonValue read(byte[] json, boolean refuseDuplicates, boolean refuseTrailing)
      throws JsonValue.MalformedJson {
    JsonReader reader = new JsonReader(json, refuseDuplicates);
    if (json.length >= 3
        && (json[0] & 0xFF) == 0xEF
        && (json[1] & 0xFF) == 0xBB
        && (json[2] & 0xFF) == 0xBF) {
      reader.pos = 3;
      reader.lineStart = 3;
    }
    reader.skipWhitespace();
    if (reader.pos == json.length) {
      return null;
    }
    JsonValue value = reader.value();
    if (value.isNumber() && reader.pos < json.length && !reader.atWhitespace()) {
      throw reader.error("Expected space separating root-level values");
    }
    if (refuseTrailing) {
      reader.skipWhitespace();
      if (reader.pos < json.length) {
        throw reader.error("Trailing token found after value: not allowed");
      }
    }
    return value;
  }

  private JsonValue value() throws JsonValue.MalformedJson {
    int c = in[pos] & 0xFF;
    switch (c) {
      case '{':
        return object();
      case '[':
        return array();
      case '"':
        String text = string();
        return text.isEmpty() ? JsonValue.EMPTY_STRING : JsonValue.string(text);
      case 't':
        literal("true");
        return JsonValue.TRUE;
      case 'f':
        literal("false");
        return JsonValue.FALSE;
      case 'n':
        literal("null");
        return JsonValue.NULL;
      default:
        if (c == '-' || (c >= '0' && c <= '9')) {
          return JsonValue.number(number());
        }
        throw error("Unexpected character " + describe(c) + ": expected a value");
    }
  }

  private JsonValue object() throws JsonValue.MalformedJson {
    enter();
    pos++;
    skipWhitespace();
    if (peek() == '}') {
      pos++;
      depth--;
      return JsonValue.EMPTY_OBJECT;
    }
    // Small: most objects here have a handful of fields, and a hostile document may hold many.
    Map<String, JsonValue> fields = new LinkedHashMap<>(4);
    while (true) {
      skipWhitespace();
      if (peek() != '"') {
        throw error(
            "Unexpected character "
                + describeNext()
                + ": expected a double-quote to start a field name");
      }
      int nameStart = pos;
      int nameLine = line;
      int nameLineStart = lineStart;
      String name = name(string());
      skipWhitespace();
      if (peek() != ':') {
        throw error(
            "Unexpected character "
                + describeNext()
                + ": expected a colon to separate a field name and value");
      }
      pos++;
      skipWhitespace();
      requireMore("a field's value");
      JsonValue value = value();
      if (fields.put(name, value) != null && refuseDuplicates) {
        pos = nameStart;
        line = nameLine;
        lineStart = nameLineStart;
        throw error(
            "Duplicate field '"
                + (name.length() > MAX_NAME_SHOWN ? name.substring(0, MAX_NAME_SHOWN) + "…" : name)
                + "'");
      }
      skipWhitespace();
      int next = peek();
      pos++;
      if (next == '}') {
        depth--;
        return JsonValue.objectOf(fields);
      }
      if (next != ',') {
        pos--;
        throw error(
            "Unexpected character "
                + describeNext()
                + ": expected a comma to separate an object's fields, or its end");
      }
    }
  }

  private JsonValue array() throws JsonValue.MalformedJson {
    enter();
    pos++;
    skipWhitespace();
    if (peek() == ']') {
      pos++;
      depth--;
      return JsonValue.EMPTY_ARRAY;
    }
    List<JsonValue> elements = new ArrayList<>();
    while (true) {
      skipWhitespace();
      requireMore("an array's element");
      elements.add(value());
      skipWhitespace();
      int next = peek();
      pos++;
      if (next == ']') {
        depth--;
        return JsonValue.arrayOf(List.copyOf(elements)); // exact size, unmodifiable
      }
      if (next != ',') {
        pos--;
        throw error(
            "Unexpected character "
                + describeNext()
                + ": expected a comma to separate an array's elements, or its end");
      }
    }
  }

  private static final int MAX_NAMES_KEPT = 1024;

  private String name(String read) {
    String known = names.get(read);
    if (known != null) {
      return known;
    }
    if (names.size() < MAX_NAMES_KEPT) {
      names.put(read, read);
    }
    return read;
  }

  private void enter() throws JsonValue.MalformedJson {
    if (++depth > MAX_DEPTH) {
      throw error(
          "Document nesting depth (" + depth + ") exceeds the maximum allowed (" + MAX_DEPTH + ")");
    }
  }

  /** The string that starts at {@code pos} (a double quote), unescaped; {@code pos} after it. */
  private String string() throws JsonValue.MalformedJson {
    int start = ++pos;
    // The common case: printable ASCII, no escape.
    while (pos < in.length) {
      int b = in[pos];
      if (b == '"') {
        String text = new String(in, start, pos - start, StandardCharsets.ISO_8859_1);
        pos++;
        return text;
      }
      if (b == '\\' || b < 0x20) { // a negative byte is the start of a multi-byte character
        break;
      }
      pos++;
    }
    StringBuilder text = new StringBuilder(pos - start + 16);
    text.append(new String(in, start, pos - start, StandardCharsets.ISO_8859_1));
    while (pos < in.length) {
      int b = in[pos] & 0xFF;
      if (b == '"') {
        pos++;
        return text.toString();
      }
      if (b == '\\') {
        escape(text);
      } else if (b < 0x20) {
        throw error(
            "Illegal unquoted character (code "
                + b
                + "): a control character must be escaped in a string");
      } else if (b < 0x80) {
        text.append((char) b);
        pos++;
      } else {
        text.appendCodePoint(utf8(b));
      }
    }
    throw error("Unexpected end-of-input in a string");
  }

  private void escape(StringBuilder text) throws JsonValue.MalformedJson {
    if (pos + 1 >= in.length) {
      throw error("Unexpected end-of-input in a string's escape");
    }
    int e = in[pos + 1] & 0xFF;
    switch (e) {
      case '"':
      case '\\':
      case '/':
        text.append((char) e);
        break;
      case 'b':
        text.append('\b');
        break;
      case 'f':
        text.append('\f');
        break;
      case 'n':
        text.append('\n');
        break;
      case 'r':
        text.append('\r');
        break;
      case 't':
        text.append('\t');
        break;
      case 'u':
        int unit = 0;
        for (int i = 2; i < 6; i++) {
          int digit = pos + i < in.length ? Character.digit(in[pos + i], 16) : -1;
          if (digit < 0) {
            pos += Math.min(i, in.length - pos);
            throw error("Unexpected character in a \\u escape: expected 4 hexadecimal digits");
          }
          unit = unit * 16 + digit;
        }
        text.append((char) unit);
        pos += 6;
        return;
      default:
        pos++;
        throw error("Unrecognized character escape " + describe(e));
    }
    pos += 2;
  }

  /**
   * The code point of the UTF-8 sequence that starts at {@code pos} with {@code first}; {@code pos}
   * after it. Overlong forms, surrogates and values past U+10FFFF are refused.
   */
  private int utf8(int first) throws JsonValue.MalformedJson {
    int length;
    int min;
    int codePoint;
    if (first >= 0xC2 && first <= 0xDF) {
      length = 2;
      min = 0x80;
      codePoint = first & 0x1F;
    } else if (first >= 0xE0 && first <= 0xEF) {
      length = 3;
      min = 0x800;
      codePoint = first & 0x0F;
    } else if (first >= 0xF0 && first <= 0xF4) {
      length = 4;
      min = 0x10000;
      codePoint = first & 0x07;
    } else {
      throw error("Invalid UTF-8 start byte 0x" + Integer.toHexString(first));
    }
    for (int i = 1; i < length; i++) {
      int next = pos + i < in.length ? in[pos + i] & 0xFF : -1;
      if ((next & 0xC0) != 0x80) {
        pos += i;
        throw error("Invalid UTF-8 middle byte" + (next < 0 ? " (end of input)" : ""));
      }
      codePoint = (codePoint << 6) | (next & 0x3F);
    }
    if (codePoint < min
        || codePoint > Character.MAX_CODE_POINT
        || (codePoint >= Character.MIN_SURROGATE && codePoint <= Character.MAX_SURROGATE)) {
      throw error("Invalid UTF-8 sequence (overlong, a surrogate, or beyond U+10FFFF)");
    }
    pos += length;
    return codePoint;
  }

  /** An int, a long or a big integer as their sizes need (as Jackson gives them), or a double. */
  private Number number() throws JsonValue.MalformedJson {
    int start = pos;
    if (peek() == '-') {
      pos++;
    }
    int intStart = pos;
    if (peek() == '0') {
      pos++;
      if (isDigit(peek())) {
        throw error("Invalid numeric value: Leading zeroes not allowed");
      }
    } else if (!digits()) {
      throw error("Invalid numeric value: expected a digit after the minus sign");
    }
    int intEnd = pos;
    boolean integral = true;
    if (peek() == '.') {
      pos++;
      integral = false;
      if (!digits()) {
        throw error("Invalid numeric value: expected a digit after the decimal point");
      }
    }
    if (peek() == 'e' || peek() == 'E') {
      pos++;
      integral = false;
      if (peek() == '+' || peek() == '-') {
        pos++;
      }
      if (!digits()) {
        throw error("Invalid numeric value: expected a digit in the exponent");
      }
    }
    int next = peek();
    if (touchesToken(next) || next == '.') {
      throw error("Unexpected character " + describeNext() + " after a number");
    }
    // Digits only, as Jackson counted them: not the sign, the point or the exponent's letter.
    int digits = 0;
    for (int i = start; i < pos; i++) {
      if (isDigit(in[i])) {
        digits++;
      }
    }
    if (digits > MAX_NUMBER_LENGTH) {
      throw error(
          "Number value length ("
              + digits
              + ") exceeds the maximum allowed ("
              + MAX_NUMBER_LENGTH
              + ")");
    }
    String text = new String(in, start, pos - start, StandardCharsets.ISO_8859_1);
    if (!integral) {
      return Double.parseDouble(text);
    }
    if (intEnd - intStart <= 18) {
      long value = Long.parseLong(text);
      return value == (int) value ? (Number) (int) value : (Number) value;
    }
    BigInteger big = new BigInteger(text);
    return big.bitLength() < 64 ? (Number) big.longValue() : (Number) big;
  }

  /** Whether at least one digit was read. */
  private boolean digits() {
    int from = pos;
    while (isDigit(peek())) {
      pos++;
    }
    return pos > from;
  }

  /**
   * Whether {@code next}, the byte after a literal or a number, would run into it: a letter, digit
   * or underscore, or any byte of a character beyond ASCII (as in {@code truex}, or {@code 1é}).
   */
  private static boolean touchesToken(int next) {
    return next >= 0x80
        || (next >= 'a' && next <= 'z')
        || (next >= 'A' && next <= 'Z')
        || isDigit(next)
        || next == '_';
  }

  private boolean atWhitespace() {
    int b = in[pos];
    return b == ' ' || b == '\t' || b == '\n' || b == '\r';
  }

  private static boolean isDigit(int c) {
    return c >= '0' && c <= '9';
  }

  private void literal(String word) throws JsonValue.MalformedJson {
    for (int i = 0; i < word.length(); i++) {
      if (pos + i >= in.length || in[pos + i] != word.charAt(i)) {
        throw error("Unrecognized token: expected " + word + ", true, false, null or a number");
      }
    }
    pos += word.length();
    int next = peek();
    if (touchesToken(next)) {
      throw error("Unrecognized token: " + word + " followed by " + describeNext());
    }
  }

  private void skipWhitespace() {
    while (pos < in.length) {
      int b = in[pos];
      if (b == ' ' || b == '\t') {
        pos++;
      } else if (b == '\n' || b == '\r') {
        pos++;
        if (b == '\r' && pos < in.length && in[pos] == '\n') {
          pos++;
        }
        line++;
        lineStart = pos;
      } else {
        return;
      }
    }
  }

  private void requireMore(String what) throws JsonValue.MalformedJson {
    if (pos >= in.length) {
      throw error("Unexpected end-of-input: expected " + what);
    }
  }

  /** The byte at {@code pos}, or -1 at the end. */
  private int peek() {
    return pos < in.length ? in[pos] & 0xFF : -1;
  }

  private String describeNext() {
    return pos < in.length ? describe(in[pos] & 0xFF) : "(end of input)";
  }

  /** A byte as a message may name it: the character if printable ASCII, and its code. */
  private static String describe(int b) {
    return b > 0x20 && b < 0x7F ? "'" + (char) b + "' (code " + b + ")" : "(code " + b + ")";
  }

  private JsonValue.MalformedJson error(String problem) {
    return new JsonValue.MalformedJson(line, pos - lineStart + 1, problem);
  }
}
