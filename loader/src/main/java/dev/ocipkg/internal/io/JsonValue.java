package dev.ocipkg.internal.io;

import java.io.IOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * A JSON value: the small tree of the documents of a pull (OCI manifests and indexes, token
 * responses, error bodies, tag lists, {@code config.json}, credential helpers' answers), read by
 * the loader's own {@link JsonReader} and written by its {@link JsonWriter}. Before those, the
 * loader used jackson-databind's tree (whose first {@code readTree} in a JVM loads about 300
 * classes: some 200 ms of every cold pull from a registry with token auth), then jackson-core's
 * streaming parser (60-75 ms of a fresh JVM for its first document). Numbers keep the type that
 * Jackson gave them (int, long, big integer, double), and {@link #toString} writes the compact JSON
 * that Jackson wrote.
 */
public final class JsonValue {
  /** How much of a value {@link #quote} shows. */
  private static final int MAX_QUOTE = 100;

  /** What {@link #path} gives for a field or element that is not there. */
  private static final JsonValue MISSING =
      new JsonValue(Type.MISSING, null, null, null, null, false);

  static final JsonValue NULL = new JsonValue(Type.NULL, null, null, null, null, false);
  static final JsonValue TRUE = new JsonValue(Type.BOOLEAN, null, null, null, null, true);
  static final JsonValue FALSE = new JsonValue(Type.BOOLEAN, null, null, null, null, false);

  /*
   * Shared by every document: a hostile one of a few MiB can hold millions of empty strings,
   * arrays, objects or small numbers, each of which would otherwise be a value of its own.
   */
  static final JsonValue EMPTY_STRING = new JsonValue(Type.STRING, null, null, "", null, false);
  static final JsonValue EMPTY_ARRAY =
      new JsonValue(Type.ARRAY, null, List.of(), null, null, false);
  static final JsonValue EMPTY_OBJECT =
      new JsonValue(Type.OBJECT, Map.of(), null, null, null, false);

  private static final int SMALL_INTS = 64;
  private static final JsonValue[] SMALL = new JsonValue[SMALL_INTS];

  enum Type {
    MISSING,
    OBJECT,
    ARRAY,
    STRING,
    NUMBER,
    BOOLEAN,
    NULL
  }

  private final Type type;
  private final @Nullable Map<String, JsonValue> fields;
  private final @Nullable List<JsonValue> elements;
  private final @Nullable String text;
  private final @Nullable Number number;
  private final boolean bool;

  private JsonValue(
      Type type,
      @Nullable Map<String, JsonValue> fields,
      @Nullable List<JsonValue> elements,
      @Nullable String text,
      @Nullable Number number,
      boolean bool) {
    this.type = type;
    this.fields = fields;
    this.elements = elements;
    this.text = text;
    this.number = number;
    this.bool = bool;
  }

  /**
   * The first value of {@code json}, duplicate fields refused; the missing value ({@link
   * #isMissingNode}) if it holds none (empty or blank). What follows that value is not read.
   *
   * @throws MalformedJson what is wrong and where; it quotes nothing of the document but, for a
   *     repeated field, the field's name
   */
  public static JsonValue parse(byte[] json) throws MalformedJson {
    JsonValue value = JsonReader.read(json, true, false);
    return value == null ? MISSING : value;
  }

  /**
   * A whole document: its one value with nothing but whitespace after it, duplicate fields refused;
   * null if it holds nothing (empty or blank).
   *
   * @throws MalformedJson what is wrong and where, quoting the start of the document escaped
   */
  public static @Nullable JsonValue parseDocument(byte[] json) throws MalformedJson {
    try {
      return JsonReader.read(json, true, true);
    } catch (MalformedJson e) {
      throw e.quoting(json);
    }
  }

  /**
   * A document that the reader refuses: its message says what is wrong and where (line and column,
   * counted in bytes, from 1), for a caller's own message.
   */
  public static final class MalformedJson extends IOException {
    private static final long serialVersionUID = 1L;
    private static final int QUOTED_START = 40;

    private final int line;
    private final int column;
    private final String problem;

    MalformedJson(int line, int column, String problem) {
      this(line, column, problem, "", null);
    }

    private MalformedJson(
        int line, int column, String problem, String after, @Nullable MalformedJson cause) {
      super(
          "not valid JSON at line "
              + line
              + ", column "
              + column
              + " ("
              + ForeignText.escape(problem)
              + ")"
              + after,
          cause);
      this.line = line;
      this.column = column;
      this.problem = problem;
    }

    /** The same error, its message also quoting the start of {@code json}, escaped. */
    MalformedJson quoting(byte[] json) {
      return new MalformedJson(
          line,
          column,
          problem,
          "; it starts with "
              + quote(
                  new String(json, 0, Math.min(json.length, QUOTED_START), StandardCharsets.UTF_8)),
          this);
    }

    public int line() {
      return line;
    }

    public int column() {
      return column;
    }

    /**
     * Where the reader stopped, {@code " at line L, column C"}: what a message about a file that
     * may hold secrets says of it, without the problem (which may name a field).
     */
    public String position() {
      return " at line " + line + ", column " + column;
    }
  }

  /**
   * As {@link #parse(byte[])}, but as Docker and podman (Go's encoding/json) read their own {@code
   * config.json} and {@code auth.json}, so that a file they accept gives ocipkg the same
   * credentials and one they refuse none: a repeated field's last value wins, and anything after
   * the value is refused.
   */
  public static JsonValue parseAsGoDoes(byte[] json) throws MalformedJson {
    JsonValue value = JsonReader.read(json, false, true);
    return value == null ? MISSING : value;
  }

  /** As {@link #parse(byte[])}, of a text already decoded. */
  public static JsonValue parse(String json) throws MalformedJson {
    return parse(json.getBytes(StandardCharsets.UTF_8));
  }

  /** An object of {@code fields}, in their order (copied). */
  public static JsonValue object(Map<String, JsonValue> fields) {
    return objectOf(new LinkedHashMap<>(fields));
  }

  /**
   * An object of {@code fields} as they are, not copied: the reader's own map, which nothing else
   * holds (it is handed out only through unmodifiable views, made when asked for: one wrapper per
   * object of a document would cost a hostile one megabytes).
   */
  static JsonValue objectOf(Map<String, JsonValue> fields) {
    return new JsonValue(Type.OBJECT, fields, null, null, null, false);
  }

  /** An array of {@code elements} as they are, not copied (the reader's own, unmodifiable). */
  static JsonValue arrayOf(List<JsonValue> elements) {
    return new JsonValue(Type.ARRAY, null, elements, null, null, false);
  }

  public static JsonValue string(String text) {
    return new JsonValue(Type.STRING, null, null, text, null, false);
  }

  /** A number: an Integer, Long or BigInteger as its size needs, or a Double. */
  static JsonValue number(Number number) {
    if (number instanceof Integer) {
      int small = (Integer) number;
      if (small >= 0 && small < SMALL_INTS) {
        JsonValue shared = SMALL[small];
        if (shared == null) {
          shared = new JsonValue(Type.NUMBER, null, null, null, number, false);
          SMALL[small] = shared; // a benign race: equal values either way
        }
        return shared;
      }
    }
    return new JsonValue(Type.NUMBER, null, null, null, number, false);
  }

  public boolean isObject() {
    return type == Type.OBJECT;
  }

  public boolean isArray() {
    return type == Type.ARRAY;
  }

  public boolean isTextual() {
    return type == Type.STRING;
  }

  public boolean isNull() {
    return type == Type.NULL;
  }

  /** Whether this is what {@link #path} gives for a field or element that is not there. */
  public boolean isMissingNode() {
    return type == Type.MISSING;
  }

  /** An integer, whatever its size (not a number with a fraction or an exponent). */
  public boolean isIntegralNumber() {
    return number instanceof Integer || number instanceof Long || number instanceof BigInteger;
  }

  public boolean canConvertToInt() {
    return number instanceof Integer;
  }

  public boolean canConvertToLong() {
    return number instanceof Integer || number instanceof Long;
  }

  public boolean isNumber() {
    return type == Type.NUMBER;
  }

  /** A number's value as a double (large integers rounded); 0 for any other value. */
  public double doubleValue() {
    return number == null ? 0 : number.doubleValue();
  }

  public int intValue() {
    return number == null ? 0 : number.intValue();
  }

  public long longValue() {
    return number == null ? 0 : number.longValue();
  }

  /** A string's text; empty for any other value. */
  public String asText() {
    return text == null ? "" : text;
  }

  /** A string's text; null for any other value. */
  public @Nullable String textValue() {
    return text;
  }

  /** Field {@code name} of an object, JSON null included; null if absent or not an object. */
  public @Nullable JsonValue get(String name) {
    return fields == null ? null : fields.get(name);
  }

  /** Field {@code name} of an object, or the missing value: for a path of fields. */
  public JsonValue path(String name) {
    JsonValue field = get(name);
    return field == null ? MISSING : field;
  }

  /** Element {@code index} of an array, or the missing value. */
  public JsonValue path(int index) {
    return elements == null || index < 0 || index >= elements.size()
        ? MISSING
        : elements.get(index);
  }

  /** An array's elements; none for any other value. */
  public List<JsonValue> elements() {
    return elements == null ? List.of() : elements;
  }

  /** Whether an object has field {@code name}, even with a null value. */
  public boolean has(String name) {
    return fields != null && fields.containsKey(name);
  }

  /** An object's fields in document order; none for any other value. */
  public Set<Map.Entry<String, JsonValue>> properties() {
    return fields == null ? Set.of() : Collections.unmodifiableMap(fields).entrySet();
  }

  /** The elements of an array, or the number of fields of an object; 0 for other values. */
  public int size() {
    if (elements != null) {
      return elements.size();
    }
    return fields == null ? 0 : fields.size();
  }

  /** Element {@code index} of an array. */
  public JsonValue get(int index) {
    if (elements == null) {
      throw new IllegalStateException("not an array");
    }
    return elements.get(index);
  }

  /**
   * {@code value} as a JSON string, escaped as {@link ForeignText} escapes foreign text and cut to
   * {@link #MAX_QUOTE} characters: how a message quotes what a document holds.
   */
  public static String quote(String value) {
    return quote(string(value));
  }

  /** {@code value}'s JSON text, escaped and cut short as {@link #quote(String)} does. */
  public static String quote(JsonValue value) {
    return ForeignText.escape(value.toString(), MAX_QUOTE);
  }

  /** Compact JSON, as jackson-core wrote it. */
  @Override
  public String toString() {
    return JsonWriter.write(this, false, false);
  }

  /**
   * Compact JSON in UTF-8 with every object's fields sorted by name: the same bytes for the same
   * value however its document ordered the fields (what a policy's fingerprint covers).
   */
  public byte[] canonicalBytes() {
    return JsonWriter.utf8(this, true, false);
  }

  /**
   * UTF-8 JSON in the layout of Jackson's default pretty printer (databind's {@code
   * writerWithDefaultPrettyPrinter}): two spaces a level, {@code "name" : value}.
   */
  public byte[] prettyBytes() {
    return JsonWriter.utf8(this, false, true);
  }

  boolean isBoolean() {
    return type == Type.BOOLEAN;
  }

  boolean booleanValue() {
    return bool;
  }

  /** An object's fields in document order; none for any other value. */
  Map<String, JsonValue> fieldMap() {
    return fields == null ? Map.of() : fields;
  }

  /**
   * A number as Jackson wrote it: an integer's digits, a double as {@link Double#toString}, and a
   * double that is not finite (from {@code 1e999}) as a string.
   */
  String numberText() {
    if (number instanceof Double && !Double.isFinite(number.doubleValue())) {
      return "\"" + number + "\"";
    }
    return String.valueOf(number);
  }
}
