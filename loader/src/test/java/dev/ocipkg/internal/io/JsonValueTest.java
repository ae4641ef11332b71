package dev.ocipkg.internal.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@link JsonValue} reads and writes JSON as databind's tree did before it, so that the values
 * {@code OciJson} quotes in its messages and the number kinds it checks stay the same; and it walks
 * the registry's small documents (token responses, error bodies, config.json) by paths.
 */
class JsonValueTest {
  private static final ObjectMapper DATABIND = new ObjectMapper();

  @ParameterizedTest
  @ValueSource(
      strings = {
        "{\"a\":1,\"b\":[true,false,null],\"c\":{\"d\":\"e\"}}",
        "\"tab\\tquote\\\"backslash\\\\newline\\ncontrol\\u0001slash/\"",
        "\"caf\\u00e9 \\ud83d\\ude00 \u00fc\"",
        "[2147483647,2147483648,-9223372036854775808,9223372036854775808]",
        "[2.0,12.5,1e2,-0.0,1.0E-7,123456789.125]",
        "[[],{},[[]],\"\"]"
      })
  void writesWhatDatabindsTreeWrites(String json) throws IOException {
    JsonNode expected = DATABIND.readTree(json);

    JsonValue value = read(json);

    assertThat(value.toString()).isEqualTo(expected.toString());
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "{\"transports\":{\"docker\":{\"b\":[{\"z\":1,\"a\":2.5}],\"a\":null}},"
            + "\"default\":[{\"type\":\"reject\"}]}",
        "{\"k\":\"caf\\u00e9 \\ud83d\\ude00\",\"B\":true,\"a\":[3,{\"y\":{},\"x\":[]}]}",
        "[{\"b\":1,\"a\":9223372036854775808}]"
      })
  void canonicalBytesAreDatabindsTreeWithSortedFields(String json) throws IOException {
    byte[] expected = DATABIND.writeValueAsBytes(sorted(DATABIND.readTree(json)));

    assertThat(JsonValue.parse(json).canonicalBytes()).isEqualTo(expected);
  }

  /** How policy fingerprints were made before JsonValue: databind's tree, fields sorted. */
  private static JsonNode sorted(JsonNode node) {
    if (node.isObject()) {
      TreeMap<String, JsonNode> fields = new TreeMap<>();
      node.properties().forEach(e -> fields.put(e.getKey(), sorted(e.getValue())));
      ObjectNode out = DATABIND.createObjectNode();
      fields.forEach(out::set);
      return out;
    }
    if (node.isArray()) {
      ArrayNode out = DATABIND.createArrayNode();
      node.forEach(e -> out.add(sorted(e)));
      return out;
    }
    return node;
  }

  @ParameterizedTest
  @ValueSource(strings = {"2", "2147483648", "9223372036854775808", "2.0", "\"2\"", "true"})
  void numberKindsAreDatabinds(String json) throws IOException {
    JsonNode expected = DATABIND.readTree(json);

    JsonValue value = read(json);

    assertThat(value.isIntegralNumber()).isEqualTo(expected.isIntegralNumber());
    assertThat(value.canConvertToInt())
        .isEqualTo(expected.isIntegralNumber() && expected.canConvertToInt());
    assertThat(value.canConvertToLong())
        .isEqualTo(expected.isIntegralNumber() && expected.canConvertToLong());
  }

  @Test
  void pathsWalkFieldsAndElementsAndEndInTheMissingValue() throws IOException {
    JsonValue value =
        JsonValue.parse(
            "{\"token\":\"abc\",\"expires_in\":300,\"n\":null,"
                + "\"errors\":[{\"code\":\"DENIED\"}]}");

    assertThat(value.path("token").textValue()).isEqualTo("abc");
    assertThat(value.path("expires_in").canConvertToLong()).isTrue();
    assertThat(value.path("expires_in").longValue()).isEqualTo(300);
    assertThat(value.path("errors").path(0).path("code").asText()).isEqualTo("DENIED");
    assertThat(value.path("n").isNull()).isTrue();
    assertThat(value.get("n")).isNotNull();
    assertThat(value.get("absent")).isNull();
    for (JsonValue missing :
        List.of(
            value.path("absent"),
            value.path("errors").path(1),
            value.path("errors").path(-1),
            value.path("token").path("x"),
            value.path("token").path(0))) {
      assertThat(missing.isMissingNode()).isTrue();
      assertThat(missing.isNull()).isFalse();
      assertThat(missing.isObject()).isFalse();
      assertThat(missing.isTextual()).isFalse();
      assertThat(missing.canConvertToLong()).isFalse();
      assertThat(missing.asText()).isEmpty();
      assertThat(missing.textValue()).isNull();
      assertThat(missing.elements()).isEmpty();
    }
    assertThat(value.path("expires_in").asText()).as("only a string has text").isEmpty();
  }

  @Test
  void fieldsKeepTheirOrderAndArraysTheirElements() throws IOException {
    JsonValue value = JsonValue.parse("{\"b\":1,\"a\":[\"x\",2,{}]}");

    List<String> names = new ArrayList<>();
    for (Map.Entry<String, JsonValue> field : value.properties()) {
      names.add(field.getKey());
    }
    assertThat(names).containsExactly("b", "a");
    assertThat(value.path("a").elements()).hasSize(3);
    assertThat(value.elements()).as("an object has no elements").isEmpty();
  }

  @Test
  void nothingToReadIsTheMissingValue() throws IOException {
    assertThat(JsonValue.parse("").isMissingNode()).isTrue();
    assertThat(JsonValue.parse(" \n ").isMissingNode()).isTrue();
    assertThat(JsonValue.parse(new byte[0]).isObject()).isFalse();
  }

  @Test
  void malformedTruncatedOrRepeatedFieldsFailNamingWhere() {
    assertThatThrownBy(() -> JsonValue.parse("{\"a\":\n  tru}"))
        .isInstanceOf(JsonValue.MalformedJson.class)
        .satisfies(e -> assertThat(((JsonValue.MalformedJson) e).line()).isEqualTo(2));
    assertThatThrownBy(() -> JsonValue.parse("{\"a\":[1,2"))
        .isInstanceOf(JsonValue.MalformedJson.class);
    // Two tokens in one response: which one counts would depend on the parser.
    assertThatThrownBy(() -> JsonValue.parse("{\"token\":\"a\",\"token\":\"b\"}"))
        .isInstanceOf(JsonValue.MalformedJson.class)
        .hasMessageContaining("Duplicate field 'token'");
  }

  @Test
  void aDocumentIsOneValueAndNothingAfterIt() throws IOException {
    assertThat(JsonValue.parseDocument(bytes(" {\"a\":1} \n"))).isNotNull();
    assertThat(JsonValue.parseDocument(bytes(" \n"))).isNull();
    assertThatThrownBy(() -> JsonValue.parseDocument(bytes("{\"a\":1}{\"a\":2}")))
        .isInstanceOf(JsonValue.MalformedJson.class)
        .hasMessageStartingWith("not valid JSON at line 1, column 8 (Trailing token")
        .hasMessageEndingWith("it starts with \"{\\\"a\\\":1}{\\\"a\\\":2}\"");
  }

  @Test
  void aMalformedDocumentsMessageEscapesWhatItQuotes() {
    // A registry's bytes: a right-to-left override and an escape in the text quoted back.
    assertThatThrownBy(() -> JsonValue.parseDocument(bytes("\u202e\u001b[31m")))
        .isInstanceOf(JsonValue.MalformedJson.class)
        .satisfies(
            e ->
                assertThat(e.getMessage())
                    .startsWith("not valid JSON at line 1")
                    .doesNotContain("\u202e")
                    .doesNotContain("\u001b"));
  }

  private static byte[] bytes(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }

  @Test
  void nestingDeeperThanTheParsersBoundFails() {
    String deep = "[".repeat(5000) + "]".repeat(5000);

    assertThatThrownBy(() -> JsonValue.parse(deep)).isInstanceOf(JsonValue.MalformedJson.class);
  }

  private static JsonValue read(String json) throws IOException {
    return JsonValue.parse(json);
  }

  @Test
  void nestingIsBoundedFarBelowWhatTheStackTakes() throws IOException {
    assertThat(JsonValue.parse("[".repeat(64) + "]".repeat(64)).isArray()).isTrue();
    // A hostile body: without the bound, the reader's recursion overflows a small thread stack.
    assertThatThrownBy(() -> JsonValue.parse("{\"k\":".repeat(65) + "1" + "}".repeat(65)))
        .isInstanceOf(JsonValue.MalformedJson.class)
        .hasMessageContaining("nesting depth");
  }

  @Test
  void dockersFilesKeepARepeatedFieldsLastValueAsGoReadsThem() throws IOException {
    JsonValue config =
        JsonValue.parseAsGoDoes(bytes("{\"credsStore\":\"a\",\"credsStore\":\"b\"}"));

    assertThat(config.path("credsStore").textValue()).isEqualTo("b");
    assertThatThrownBy(() -> JsonValue.parseAsGoDoes(bytes("{\"auths\":{}}\n{\"auths\":{}}")))
        .isInstanceOf(JsonValue.MalformedJson.class)
        .hasMessageContaining("Trailing token");
    assertThat(JsonValue.parseAsGoDoes(bytes("{\"auths\":{}}\n")).isObject()).isTrue();
  }

  @Test
  void prettyBytesAreDatabindsDefaultPrettyPrinters() throws IOException {
    String json = "{\"auths\":{\"h\":{\"auth\":\"eDp5\"}},\"n\":[1,2.5,true,null,{}],\"e\":[]}";

    assertThat(new String(JsonValue.parse(json).prettyBytes(), StandardCharsets.UTF_8))
        .isEqualTo(
            DATABIND.writerWithDefaultPrettyPrinter().writeValueAsString(DATABIND.readTree(json)));
  }

  /**
   * The reader refuses what Jackson refused (the loader read with jackson-core before it had its
   * own reader): JSON that RFC 8259 does not allow, and the bounds.
   */
  @ParameterizedTest
  @ValueSource(
      strings = {
        "{\"a\":1,}",
        "[1,]",
        "[1 2]",
        "{\"a\" 1}",
        "{a:1}",
        "{'a':1}",
        "['a']",
        "[01]",
        "[-]",
        "[1.]",
        "[.5]",
        "[1e]",
        "[1e+]",
        "[+1]",
        "[NaN]",
        "[Infinity]",
        "[truex]",
        "[nul]",
        "[tru]",
        "[\"a\\x\"]",
        "[\"\\u12G4\"]",
        "[\"\\u12\"]",
        "[\"tab\tinside\"]",
        "[\"unterminated]",
        "{\"a\":1",
        "[1,2",
        "{\"a\":}",
        "{\"a\"",
        "/* comment */ 1",
        "[123abc]",
        "]",
        ",",
        ":"
      })
  void refusesWhatJacksonRefused(String json) {
    assertThatThrownBy(() -> DATABIND.readTree(json)).as("Jackson refuses it").isNotNull();
    assertThatThrownBy(() -> JsonValue.parseDocument(bytes(json)))
        .isInstanceOf(JsonValue.MalformedJson.class)
        .hasMessageStartingWith("not valid JSON at line 1, column ");
  }

  /** What Jackson's parser left unread, and the reader refuses as the loader always did. */
  @ParameterizedTest
  @ValueSource(strings = {"[1]]", "[1] // comment", "{\"a\":1}}", "{} {}", "1 2"})
  void aDocumentRefusesWhatFollowsItsValue(String json) throws IOException {
    assertThat(JsonValue.parse(json).isMissingNode()).isFalse();
    assertThatThrownBy(() -> JsonValue.parseDocument(bytes(json)))
        .isInstanceOf(JsonValue.MalformedJson.class)
        .hasMessageContaining("Trailing token");
  }

  @Test
  void readsWhatJacksonReadsFromAnOciManifestAndIndex() throws IOException {
    String manifest =
        "{\n  \"schemaVersion\": 2,\r\n  \"mediaType\": \"application/vnd.oci.image.manifest.v1+json\",\n"
            + "\t\"config\": {\"mediaType\": \"application/vnd.oci.empty.v1+json\", \"digest\":"
            + " \"sha256:44136fa355b3678a1146ad16f7e8649e94fb4fc21fe77e8310c060f61caaff8a\","
            + " \"size\": 2, \"data\": \"e30=\"},\n  \"layers\": [ {\"size\": 16394944,"
            + " \"annotations\": {\"org.opencontainers.image.title\": \"libx265.so.199\","
            + " \"k\\u00e9\\/\": \"\\ud83d\\ude00 \u00fc \u4e2d\"}} ],\n  \"n\": [0, -0, 1.5e-3, 1E3, -12.25,"
            + " 4294967296, -2147483648, 1e999, null, true, false, [], {}]\n}\n";

    assertThat(JsonValue.parse(manifest).toString())
        .isEqualTo(DATABIND.readTree(manifest).toString());
    assertThat(JsonValue.parse(manifest).path("layers").path(0).path("size").longValue())
        .isEqualTo(16394944L);
  }

  @Test
  void writesEveryControlCharacterAsJacksonDid() throws IOException {
    StringBuilder all = new StringBuilder("[\"");
    for (int c = 0; c < 0x20; c++) {
      all.append(String.format("\\u%04x", c));
    }
    all.append("\\u007f\\\"\\\\/\"]");

    JsonValue value = JsonValue.parse(all.toString());

    assertThat(value.toString()).isEqualTo(DATABIND.readTree(all.toString()).toString());
    assertThat(value.canonicalBytes())
        .isEqualTo(DATABIND.writeValueAsBytes(DATABIND.readTree(all.toString())));
  }

  @Test
  void prettyBytesOfNestedArraysAndObjectsAreJacksons() throws IOException {
    String json =
        "[{\"a\":[{\"b\":{}},[],[[1,{\"c\":\"d\"}]]],\"e\":{\"f\":{\"g\":[true]}}},[],{},\"s\"]";

    assertThat(new String(JsonValue.parse(json).prettyBytes(), StandardCharsets.UTF_8))
        .isEqualTo(
            DATABIND.writerWithDefaultPrettyPrinter().writeValueAsString(DATABIND.readTree(json)));
  }

  @Test
  void aByteOrderMarkIsSkippedAndLinesAreCounted() throws IOException {
    byte[] withBom = {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF, '{', '}'};

    assertThat(JsonValue.parseDocument(withBom).isObject()).isTrue();
    assertThatThrownBy(() -> JsonValue.parseDocument(bytes("{\r\n\"a\":1,\n\r\n  \"b\" 2}")))
        .isInstanceOf(JsonValue.MalformedJson.class)
        .satisfies(
            e -> {
              assertThat(((JsonValue.MalformedJson) e).line()).isEqualTo(4);
              assertThat(((JsonValue.MalformedJson) e).column()).isEqualTo(7);
            });
  }

  @Test
  void invalidUtf8IsRefusedNamingWhere() {
    byte[][] invalid = {
      {'"', (byte) 0xC3, '"'}, // a start byte without its continuation
      {'"', (byte) 0x80, '"'}, // a continuation byte alone
      {'"', (byte) 0xC0, (byte) 0xAF, '"'}, // an overlong '/'
      {'"', (byte) 0xED, (byte) 0xA0, (byte) 0x80, '"'}, // a surrogate, encoded
      {'"', (byte) 0xF4, (byte) 0x90, (byte) 0x80, (byte) 0x80, '"'}, // beyond U+10FFFF
      {'"', 'a', (byte) 0xE2, (byte) 0x82}, // cut short at the end
    };
    for (byte[] json : invalid) {
      assertThatThrownBy(() -> JsonValue.parse(json))
          .isInstanceOf(JsonValue.MalformedJson.class)
          .hasMessageContaining("UTF-8");
    }
  }

  @Test
  void surrogatesAreEscapedInUtf8AsJacksonsByteGeneratorDid() throws IOException {
    JsonValue value = JsonValue.parse("[\"a\\ud800\",\"\\udc00b\",\"\\ud83d\\ude00\"]");

    assertThat(new String(value.canonicalBytes(), StandardCharsets.UTF_8))
        .isEqualTo("[\"a\\uD800\",\"\\uDC00b\",\"\\uD83D\\uDE00\"]");
    assertThat(value.toString()).isEqualTo("[\"a\ud800\",\"\udc00b\",\"\ud83d\ude00\"]");
    assertThat(JsonValue.parse(value.canonicalBytes()).toString()).isEqualTo(value.toString());
  }

  @Test
  void aHugeNumberIsRefusedBeforeItIsParsed() throws IOException {
    String longest = "9".repeat(JsonReader.MAX_NUMBER_LENGTH);

    assertThat(JsonValue.parse(longest).isIntegralNumber()).isTrue();
    assertThatThrownBy(() -> JsonValue.parse(longest + "9"))
        .isInstanceOf(JsonValue.MalformedJson.class)
        .hasMessageContaining("Number value length (1001) exceeds the maximum allowed (1000)");
  }

  @Test
  void aRepeatedFieldsNameIsEscapedAndCutInTheMessage() {
    String name = "\\u202e" + "x".repeat(300);

    assertThatThrownBy(() -> JsonValue.parse("{\"" + name + "\":1,\"" + name + "\":2}"))
        .isInstanceOf(JsonValue.MalformedJson.class)
        .satisfies(
            e ->
                assertThat(e.getMessage())
                    .contains("Duplicate field")
                    .doesNotContain("\u202e")
                    .hasSizeLessThan(300));
  }

  /**
   * Random documents (a fixed seed), written with random whitespace and escapes: the reader's tree
   * and the writer's three forms must be what databind reads and writes.
   */
  @Test
  void randomDocumentsReadAndWriteAsDatabindDoes() throws IOException {
    java.util.Random random = new java.util.Random(20261203);
    for (int i = 0; i < 2000; i++) {
      StringBuilder json = new StringBuilder();
      randomValue(random, json, 0);
      String text = json.toString();
      JsonNode expected = DATABIND.readTree(text);

      JsonValue value = JsonValue.parse(text);

      assertThat(value.toString()).as(text).isEqualTo(expected.toString());
      assertThat(value.canonicalBytes())
          .as(text)
          .isEqualTo(DATABIND.writeValueAsBytes(sorted(expected)));
      assertThat(value.prettyBytes())
          .as(text)
          .isEqualTo(DATABIND.writerWithDefaultPrettyPrinter().writeValueAsBytes(expected));
    }
  }

  private static void randomValue(java.util.Random random, StringBuilder out, int depth) {
    int kind = random.nextInt(depth > 4 ? 4 : 7);
    space(random, out);
    switch (kind) {
      case 0:
        randomString(random, out);
        break;
      case 1:
        out.append(
            List.of(
                    "0",
                    "-0",
                    "7",
                    "-12",
                    "2147483647",
                    "-2147483648",
                    "2147483648",
                    "-2147483649",
                    "9223372036854775807",
                    "-9223372036854775808",
                    "9223372036854775808",
                    "123456789012345678901234567890",
                    "1.5",
                    "-0.0",
                    "1e2",
                    "1E-7",
                    "2.5e+3",
                    "0.1",
                    "123456789.125",
                    "6.02214076e23")
                .get(random.nextInt(20)));
        break;
      case 2:
        out.append(List.of("true", "false", "null").get(random.nextInt(3)));
        break;
      case 3:
        out.append(random.nextInt(100000) - 50000);
        break;
      case 4:
      case 5:
        out.append('{');
        int fields = random.nextInt(5);
        java.util.Set<String> names = new java.util.HashSet<>();
        for (int f = 0; f < fields; f++) {
          StringBuilder name = new StringBuilder();
          randomString(random, name);
          if (!names.add(nameOf(name.toString()))) {
            continue;
          }
          if (out.charAt(out.length() - 1) != '{') {
            out.append(',');
          }
          space(random, out);
          out.append(name);
          space(random, out);
          out.append(':');
          randomValue(random, out, depth + 1);
        }
        space(random, out);
        out.append('}');
        break;
      default:
        out.append('[');
        int elements = random.nextInt(5);
        for (int e = 0; e < elements; e++) {
          if (e > 0) {
            out.append(',');
          }
          randomValue(random, out, depth + 1);
        }
        space(random, out);
        out.append(']');
    }
    space(random, out);
  }

  /** The name a quoted JSON string stands for, to keep an object's names distinct. */
  private static String nameOf(String quoted) {
    try {
      return DATABIND.readTree(quoted).textValue();
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  private static void space(java.util.Random random, StringBuilder out) {
    int n = random.nextInt(4) == 0 ? random.nextInt(3) : 0;
    for (int i = 0; i < n; i++) {
      out.append(" \t\n\r".charAt(random.nextInt(4)));
    }
  }

  private static void randomString(java.util.Random random, StringBuilder out) {
    String pool = "az AZ09_-/\\\"\u00e9\u00fc\u4e2d\u202e\u0000\u0001\u001f\u007f\b\f\n\r\t";
    out.append('"');
    int length = random.nextInt(8);
    for (int i = 0; i < length; i++) {
      int pick = random.nextInt(pool.length() + 2);
      if (pick == pool.length()) {
        out.appendCodePoint(0x1F600 + random.nextInt(40)); // beyond U+FFFF, raw
        continue;
      }
      char c = pick > pool.length() ? (char) random.nextInt(0xE000) : pool.charAt(pick);
      if (c == '"' || c == '\\' || c < 0x20 || random.nextInt(5) == 0) {
        out.append(String.format(random.nextBoolean() ? "\\u%04x" : "\\u%04X", (int) c));
      } else if (c >= 0xD800 && c <= 0xDFFF) {
        out.append(String.format("\\u%04x", (int) c)); // a lone surrogate, escaped
      } else {
        out.append(c);
      }
    }
    out.append('"');
  }

  @Test
  void aNumbersLengthCountsItsDigitsAsJacksonDid() throws IOException {
    for (String json :
        List.of(
            "-" + "1".repeat(1000), "0." + "1".repeat(999), "1e+" + "1".repeat(999), "-1.5e-1")) {
      assertThat(JsonValue.parse(json).isNumber()).as(json).isTrue();
      assertThat(DATABIND.readTree(json).isNumber()).as(json).isTrue();
    }
    assertThatThrownBy(() -> JsonValue.parse("-0." + "1".repeat(1000)))
        .isInstanceOf(JsonValue.MalformedJson.class)
        .hasMessageContaining("Number value length (1001)");
  }

  /** What Jackson refused at the root, though the reader does not read past the first value. */
  @ParameterizedTest
  @ValueSource(strings = {"1]", "1,", "1{", "1\"", "1-", "1+", "1\f", "1\u05d0", "true\u05d0"})
  void aRootValueTouchedByWhatFollowsIsRefused(String json) {
    assertThatThrownBy(() -> DATABIND.readTree(json)).as("Jackson refuses it").isNotNull();
    assertThatThrownBy(() -> JsonValue.parse(json)).isInstanceOf(JsonValue.MalformedJson.class);
  }

  @Test
  void emptyValuesAndSmallNumbersAreSharedSoAHostileDocumentCostsLittle() throws IOException {
    JsonValue value = JsonValue.parse("[{},{},[],[],\"\",\"\",7,7,{\"a\":[]}]");

    assertThat(value.get(0)).isSameAs(value.get(1));
    assertThat(value.get(2)).isSameAs(value.get(3)).isSameAs(value.get(8).path("a"));
    assertThat(value.get(4)).isSameAs(value.get(5));
    assertThat(value.get(6)).isSameAs(value.get(7));
    assertThat(value.toString()).isEqualTo("[{},{},[],[],\"\",\"\",7,7,{\"a\":[]}]");
  }
}
