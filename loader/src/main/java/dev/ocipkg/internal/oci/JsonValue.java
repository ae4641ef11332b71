package dev.ocipkg.internal.oci;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadFeature;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * A JSON value as jackson-core's streaming parser reads it: the small tree that {@link OciJson}
 * checks, without jackson-databind (whose {@code ObjectMapper} costs a cold JVM hundreds of classes
 * and a good part of a second for a few small documents). Numbers keep the type the parser gives
 * them (int, long, big integer, double), as databind's tree does, and {@link #toString} writes
 * compact JSON through jackson-core's generator, as databind's {@code JsonNode.toString} does.
 */
final class JsonValue {
  /** Duplicate keys are refused by the parser itself. */
  static final JsonFactory FACTORY =
      JsonFactory.builder().enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION).build();

  private static final JsonValue NULL = new JsonValue(Type.NULL, null, null, null, null, false);
  private static final JsonValue TRUE = new JsonValue(Type.BOOLEAN, null, null, null, null, true);
  private static final JsonValue FALSE = new JsonValue(Type.BOOLEAN, null, null, null, null, false);

  enum Type {
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

  static JsonValue string(String text) {
    return new JsonValue(Type.STRING, null, null, text, null, false);
  }

  /**
   * The value that starts at the parser's current token, read to its end.
   *
   * @throws IOException what the parser throws on malformed JSON (a {@code JacksonException})
   */
  static JsonValue read(JsonParser parser) throws IOException {
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

  boolean isObject() {
    return type == Type.OBJECT;
  }

  boolean isArray() {
    return type == Type.ARRAY;
  }

  boolean isTextual() {
    return type == Type.STRING;
  }

  boolean isNull() {
    return type == Type.NULL;
  }

  /** An integer, whatever its size (not a number with a fraction or an exponent). */
  boolean isIntegralNumber() {
    return number instanceof Integer || number instanceof Long || number instanceof BigInteger;
  }

  boolean canConvertToInt() {
    return number instanceof Integer;
  }

  boolean canConvertToLong() {
    return number instanceof Integer || number instanceof Long;
  }

  int intValue() {
    return number == null ? 0 : number.intValue();
  }

  long longValue() {
    return number == null ? 0 : number.longValue();
  }

  /** A string's text; null for any other value. */
  @Nullable String textValue() {
    return text;
  }

  /** Field {@code name} of an object, JSON null included; null if absent or not an object. */
  @Nullable JsonValue get(String name) {
    return fields == null ? null : fields.get(name);
  }

  /** Whether an object has field {@code name}, even with a null value. */
  boolean has(String name) {
    return fields != null && fields.containsKey(name);
  }

  /** An object's fields in document order; none for any other value. */
  Set<Map.Entry<String, JsonValue>> properties() {
    return fields == null ? Set.of() : fields.entrySet();
  }

  /** The elements of an array, or the number of fields of an object; 0 for other values. */
  int size() {
    if (elements != null) {
      return elements.size();
    }
    return fields == null ? 0 : fields.size();
  }

  /** Element {@code index} of an array. */
  JsonValue get(int index) {
    if (elements == null) {
      throw new IllegalStateException("not an array");
    }
    return elements.get(index);
  }

  /** Compact JSON, as jackson-core writes it. */
  @Override
  public String toString() {
    StringWriter out = new StringWriter();
    try (JsonGenerator generator = FACTORY.createGenerator(out)) {
      write(generator);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write JSON to a string", e);
    }
    return out.toString();
  }

  private void write(JsonGenerator generator) throws IOException {
    switch (type) {
      case OBJECT:
        generator.writeStartObject();
        for (Map.Entry<String, JsonValue> field : properties()) {
          generator.writeFieldName(field.getKey());
          field.getValue().write(generator);
        }
        generator.writeEndObject();
        break;
      case ARRAY:
        generator.writeStartArray();
        for (JsonValue element : elements == null ? List.<JsonValue>of() : elements) {
          element.write(generator);
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
