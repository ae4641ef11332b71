package dev.ocipkg.internal.io;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonFactoryBuilder;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.jspecify.annotations.Nullable;

/**
 * A JSON value as jackson-core's streaming parser reads it: the small tree of the documents of a
 * pull (OCI manifests and indexes, token responses, error bodies, tag lists, {@code config.json},
 * credential helpers' answers), without jackson-databind, whose first {@code readTree} in a JVM
 * loads about 300 classes of its own: some 200 ms that every cold pull from a registry with token
 * auth (ghcr.io, Docker Hub) paid for a document of a few fields. Numbers keep the type the parser
 * gives them (int, long, big integer, double), as databind's tree does, and {@link #toString}
 * writes compact JSON through jackson-core's generator, as databind's {@code JsonNode.toString}
 * does.
 */
public final class JsonValue {
  /** How much of a value {@link #quote} shows. */
  private static final int MAX_QUOTE = 100;

  private static final int MAX_DEPTH = 64;

  /**
   * Duplicate fields refused by the parser itself, and nesting bounded well above any document
   * read here (a dozen levels at most) and far below what {@link #read}'s recursion could take on a
   * small thread stack: a hostile body of {@code {"k":} a thousand times would otherwise end in a
   * StackOverflowError, which no caller catches.
   */
  private static final JsonFactory FACTORY = factory(true);

  /** The same bounds, a repeated field's last value kept: Go's encoding/json, Docker's files. */
  private static final JsonFactory LAST_FIELD_WINS = factory(false);

  /** What {@link #path} gives for a field or element that is not there. */
  private static final JsonValue MISSING =
      new JsonValue(Type.MISSING, null, null, null, null, false);

  private static final JsonValue NULL = new JsonValue(Type.NULL, null, null, null, null, false);
  private static final JsonValue TRUE = new JsonValue(Type.BOOLEAN, null, null, null, null, true);
  private static final JsonValue FALSE = new JsonValue(Type.BOOLEAN, null, null, null, null, false);

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
   * @throws IOException what the parser throws on malformed JSON (a {@code JacksonException}, with
   *     its location)
   */
  public static JsonValue parse(byte[] json) throws IOException {
    JsonValue value = readValue(FACTORY, json, false);
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
      return readValue(FACTORY, json, true);
    } catch (JacksonException e) {
      throw new MalformedJson(json, e.getLocation(), e.getOriginalMessage(), e);
    } catch (IOException e) { // not from bytes in memory; as malformed, to be safe
      throw new MalformedJson(json, null, String.valueOf(e.getMessage()), e);
    }
  }

  /** A document that {@link #parseDocument} refuses; its message says why, for a caller's own. */
  public static final class MalformedJson extends IOException {
    private static final long serialVersionUID = 1L;
    private static final int QUOTED_START = 40;

    MalformedJson(
        byte[] json, @Nullable JsonLocation at, String problem, @Nullable Exception cause) {
      super(
          "not valid JSON"
              + position(at)
              + " ("
              + ForeignText.escape(problem)
              + "); it starts with "
              + quote(
                  new String(json, 0, Math.min(json.length, QUOTED_START), StandardCharsets.UTF_8)),
          cause);
    }
  }

  /**
   * As {@link #parse(byte[])}, but as Docker and podman (Go's encoding/json) read their own {@code
   * config.json} and {@code auth.json}, so that a file they accept gives ocipkg the same
   * credentials and one they refuse none: a repeated field's last value wins, and anything after
   * the value is refused.
   */
  public static JsonValue parseAsGoDoes(byte[] json) throws IOException {
    JsonValue value = readValue(LAST_FIELD_WINS, json, true);
    return value == null ? MISSING : value;
  }

  /**
   * The first value of {@code json}, or null if it holds none; with {@code refuseTrailing}, a token
   * after it is a {@link JsonParseException} at that token.
   */
  private static @Nullable JsonValue readValue(
      JsonFactory factory, byte[] json, boolean refuseTrailing) throws IOException {
    try (JsonParser parser = factory.createParser(json)) {
      if (parser.nextToken() == null) {
        return null;
      }
      JsonValue value = read(parser);
      JsonToken trailing = refuseTrailing ? parser.nextToken() : null;
      if (trailing != null) {
        throw new JsonParseException(
            parser,
            "Trailing token (of type " + trailing + ") found after value: not allowed",
            parser.currentTokenLocation());
      }
      return value;
    }
  }

  private static JsonFactory factory(boolean refuseDuplicates) {
    JsonFactoryBuilder builder = new JsonFactoryBuilder();
    builder.streamReadConstraints(
        StreamReadConstraints.builder().maxNestingDepth(MAX_DEPTH).build());
    if (refuseDuplicates) {
      builder.enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION);
    }
    return builder.build();
  }

  /**
   * Where the parser stopped, {@code " at line L, column C"}, or nothing: what a message may say of
   * malformed JSON without the parser's own text, which quotes the document around the error.
   */
  public static String position(@Nullable JsonLocation at) {
    return at == null ? "" : " at line " + at.getLineNr() + ", column " + at.getColumnNr();
  }

  /** As {@link #parse(byte[])}, of a text already decoded. */
  public static JsonValue parse(String json) throws IOException {
    return parse(json.getBytes(StandardCharsets.UTF_8));
  }

  /** An object of {@code fields}, in their order (copied). */
  public static JsonValue object(Map<String, JsonValue> fields) {
    return new JsonValue(
        Type.OBJECT,
        Collections.unmodifiableMap(new LinkedHashMap<>(fields)),
        null,
        null,
        null,
        false);
  }

  public static JsonValue string(String text) {
    return new JsonValue(Type.STRING, null, null, text, null, false);
  }

  /**
   * The value that starts at the parser's current token, read to its end.
   *
   * @throws IOException what the parser throws on malformed JSON (a {@code JacksonException})
   */
  private static JsonValue read(JsonParser parser) throws IOException {
    JsonToken token = parser.currentToken();
    if (token == null) {
      throw new IllegalStateException("the parser is not on a token");
    }
    switch (token) {
      case START_OBJECT:
        {
          Map<String, JsonValue> fields = new LinkedHashMap<>();
          for (String name = parser.nextFieldName(); name != null; name = parser.nextFieldName()) {
            parser.nextToken();
            fields.put(name, read(parser));
          }
          return new JsonValue(
              Type.OBJECT, Collections.unmodifiableMap(fields), null, null, null, false);
        }
      case START_ARRAY:
        {
          List<JsonValue> elements = new ArrayList<>();
          while (parser.nextToken() != JsonToken.END_ARRAY) {
            elements.add(read(parser));
          }
          return new JsonValue(
              Type.ARRAY, null, Collections.unmodifiableList(elements), null, null, false);
        }
      case VALUE_STRING:
        return string(parser.getText());
      case VALUE_NUMBER_INT:
        return new JsonValue(Type.NUMBER, null, null, null, parser.getNumberValue(), false);
      case VALUE_NUMBER_FLOAT:
        return new JsonValue(Type.NUMBER, null, null, null, parser.getDoubleValue(), false);
      case VALUE_TRUE:
        return TRUE;
      case VALUE_FALSE:
        return FALSE;
      case VALUE_NULL:
        return NULL;
      default:
        throw new IllegalStateException("unexpected token " + token + " at the start of a value");
    }
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
    return fields == null ? Set.of() : fields.entrySet();
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

  /** Compact JSON, as jackson-core writes it. */
  @Override
  public String toString() {
    StringWriter out = new StringWriter();
    try (JsonGenerator generator = FACTORY.createGenerator(out)) {
      write(generator, false);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write JSON to a string", e);
    }
    return out.toString();
  }

  /**
   * Compact JSON in UTF-8 with every object's fields sorted by name: the same bytes for the same
   * value however its document ordered the fields (what a policy's fingerprint covers).
   */
  public byte[] canonicalBytes() {
    return utf8(true, false);
  }

  /**
   * UTF-8 JSON in the layout of Jackson's default pretty printer (databind's {@code
   * writerWithDefaultPrettyPrinter}): two spaces a level, {@code "name" : value}.
   */
  public byte[] prettyBytes() {
    return utf8(false, true);
  }

  private byte[] utf8(boolean sortedFields, boolean pretty) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (JsonGenerator generator = FACTORY.createGenerator(out)) {
      if (pretty) {
        generator.setPrettyPrinter(new DefaultPrettyPrinter());
      }
      write(generator, sortedFields);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write JSON to memory", e);
    }
    return out.toByteArray();
  }

  private void write(JsonGenerator generator, boolean sortedFields) throws IOException {
    switch (type) {
      case OBJECT:
        generator.writeStartObject();
        Map<String, JsonValue> written =
            sortedFields && fields != null ? new TreeMap<>(fields) : fields;
        for (Map.Entry<String, JsonValue> field :
            written == null ? Set.<Map.Entry<String, JsonValue>>of() : written.entrySet()) {
          generator.writeFieldName(field.getKey());
          field.getValue().write(generator, sortedFields);
        }
        generator.writeEndObject();
        break;
      case ARRAY:
        generator.writeStartArray();
        for (JsonValue element : elements()) {
          element.write(generator, sortedFields);
        }
        generator.writeEndArray();
        break;
      case STRING:
        generator.writeString(text);
        break;
      case NUMBER:
        writeNumber(generator);
        break;
      case BOOLEAN:
        generator.writeBoolean(bool);
        break;
      default:
        generator.writeNull();
    }
  }

  private void writeNumber(JsonGenerator generator) throws IOException {
    if (number instanceof Integer) {
      generator.writeNumber(number.intValue());
    } else if (number instanceof Long) {
      generator.writeNumber(number.longValue());
    } else if (number instanceof BigInteger) {
      generator.writeNumber((BigInteger) number);
    } else if (number != null) {
      generator.writeNumber(number.doubleValue());
    }
  }
}
