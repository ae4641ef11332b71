package dev.ocipkg.internal.oci;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@link JsonValue} reads and writes JSON as databind's tree did before it, so that the values
 * {@link OciJson} quotes in its messages and the number kinds it checks stay the same.
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

  private static JsonValue read(String json) throws IOException {
    try (JsonParser parser =
        JsonValue.FACTORY.createParser(json.getBytes(StandardCharsets.UTF_8))) {
      parser.nextToken();
      return JsonValue.read(parser);
    }
  }
}
