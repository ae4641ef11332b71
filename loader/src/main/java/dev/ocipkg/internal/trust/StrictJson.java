package dev.ocipkg.internal.trust;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.ocipkg.Digest;
import dev.ocipkg.internal.io.ForeignText;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * One strict read of trust JSON (a policy, a simple-signing payload, a bundle, an in-toto
 * statement): duplicate keys and trailing content refused, every error naming where the JSON came
 * from, the JSON path and the value, escaped and cut short. Like {@code OciJson}, it reads
 * Jackson's tree and never binds by reflection.
 */
final class StrictJson {
  private static final int MAX_QUOTE = 100;

  private static final ObjectMapper MAPPER =
      JsonMapper.builder()
          .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
          .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
          .build();

  private final String where;

  StrictJson(String where) {
    this.where = where;
  }

  static ObjectMapper mapper() {
    return MAPPER;
  }

  TrustFormatException fail(String problem) {
    return new TrustFormatException(where + ": " + problem);
  }

  /** The JSON object in {@code json}. */
  JsonNode root(byte[] json) throws TrustFormatException {
    JsonNode root;
    try {
      root = MAPPER.readTree(json);
    } catch (JacksonException e) {
      JsonLocation at = e.getLocation();
      String position =
          at == null ? "" : " at line " + at.getLineNr() + ", column " + at.getColumnNr();
      throw new TrustFormatException(
          where
              + ": not valid JSON"
              + position
              + " ("
              + ForeignText.escape(e.getOriginalMessage())
              + "); it starts with "
              + quote(new String(json, 0, Math.min(json.length, 40), StandardCharsets.UTF_8)),
          e);
    } catch (IOException e) {
      throw new TrustFormatException(where + ": cannot read JSON: " + e.getMessage(), e);
    }
    if (root == null || root.isMissingNode()) {
      throw fail("is empty, expected a JSON object");
    }
    return object(root, "the document");
  }

  JsonNode object(JsonNode node, String path) throws TrustFormatException {
    if (!node.isObject()) {
      throw fail(path + " is " + quote(node) + ", expected an object");
    }
    return node;
  }

  JsonNode array(JsonNode node, String path) throws TrustFormatException {
    if (!node.isArray()) {
      throw fail(path + " is " + quote(node) + ", expected an array");
    }
    return node;
  }

  /** {@code parent.field}, which must be present and not null. */
  JsonNode required(JsonNode parent, String field, String path) throws TrustFormatException {
    JsonNode value = parent.get(field);
    if (value == null || value.isNull()) {
      throw fail(path + " is missing");
    }
    return value;
  }

  String string(JsonNode node, String path) throws TrustFormatException {
    if (!node.isTextual()) {
      throw fail(path + " is " + quote(node) + ", expected a string");
    }
    return node.textValue();
  }

  String requiredString(JsonNode parent, String field, String path) throws TrustFormatException {
    return string(required(parent, field, path), path);
  }

  @Nullable String optionalString(JsonNode parent, String field, String path)
      throws TrustFormatException {
    JsonNode value = parent.get(field);
    return value == null || value.isNull() ? null : string(value, path);
  }

  byte[] base64(String text, String path) throws TrustFormatException {
    try {
      return Base64.getDecoder().decode(text);
    } catch (IllegalArgumentException e) {
      throw fail(path + " " + quote(text) + " is not valid base64");
    }
  }

  Digest digest(String text, String path) throws TrustFormatException {
    try {
      return Digest.parse(text);
    } catch (IllegalArgumentException e) {
      throw fail(path + " " + quote(text) + " is not a digest (expected sha256:<64 hex digits>)");
    }
  }

  /** Refuses fields of {@code node} outside {@code allowed}, as containers-policy.json(5) asks. */
  void onlyFields(JsonNode node, String path, Set<String> allowed) throws TrustFormatException {
    for (var names = node.fieldNames(); names.hasNext(); ) {
      String name = names.next();
      if (!allowed.contains(name)) {
        throw fail(
            (path.isEmpty() ? "" : path + ": ")
                + "unknown field "
                + quote(name)
                + " (allowed: "
                + String.join(", ", allowed.stream().sorted().toList())
                + ")");
      }
    }
  }

  /** JSON text of {@code value}, escaped and cut short, so a message can quote it safely. */
  static String quote(String value) {
    return quote(TextNode.valueOf(value));
  }

  static String quote(JsonNode value) {
    return ForeignText.escape(value.toString(), MAX_QUOTE);
  }
}
