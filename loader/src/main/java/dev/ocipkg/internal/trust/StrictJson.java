package dev.ocipkg.internal.trust;

import dev.ocipkg.Digest;
import dev.ocipkg.internal.io.JsonValue;
import java.util.Base64;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * One strict read of trust JSON (a policy, a simple-signing payload, a bundle, an in-toto
 * statement): duplicate keys and trailing content refused, every error naming where the JSON came
 * from, the JSON path and the value, escaped and cut short. Like {@code OciJson}, it reads the
 * loader's own {@code JsonValue} tree and never binds by reflection.
 */
final class StrictJson {
  private final String where;

  StrictJson(String where) {
    this.where = where;
  }

  TrustFormatException fail(String problem) {
    return new TrustFormatException(where + ": " + problem);
  }

  /** The JSON object in {@code json}. */
  JsonValue root(byte[] json) throws TrustFormatException {
    // Duplicate fields are refused, and anything after the value too: two readers of one
    // signature or policy must never see different documents.
    JsonValue root;
    try {
      root = JsonValue.parseDocument(json);
    } catch (JsonValue.MalformedJson e) {
      throw new TrustFormatException(where + ": " + e.getMessage(), e.getCause());
    }
    if (root == null) {
      throw fail("is empty, expected a JSON object");
    }
    return object(root, "the document");
  }

  JsonValue object(JsonValue node, String path) throws TrustFormatException {
    if (!node.isObject()) {
      throw fail(path + " is " + JsonValue.quote(node) + ", expected an object");
    }
    return node;
  }

  JsonValue array(JsonValue node, String path) throws TrustFormatException {
    if (!node.isArray()) {
      throw fail(path + " is " + JsonValue.quote(node) + ", expected an array");
    }
    return node;
  }

  /** {@code parent.field}, which must be present and not null. */
  JsonValue required(JsonValue parent, String field, String path) throws TrustFormatException {
    JsonValue value = parent.get(field);
    if (value == null || value.isNull()) {
      throw fail(path + " is missing");
    }
    return value;
  }

  String string(JsonValue node, String path) throws TrustFormatException {
    if (!node.isTextual()) {
      throw fail(path + " is " + JsonValue.quote(node) + ", expected a string");
    }
    return node.textValue();
  }

  String requiredString(JsonValue parent, String field, String path) throws TrustFormatException {
    return string(required(parent, field, path), path);
  }

  @Nullable String optionalString(JsonValue parent, String field, String path)
      throws TrustFormatException {
    JsonValue value = parent.get(field);
    return value == null || value.isNull() ? null : string(value, path);
  }

  byte[] base64(String text, String path) throws TrustFormatException {
    try {
      return Base64.getDecoder().decode(text);
    } catch (IllegalArgumentException e) {
      throw fail(path + " " + JsonValue.quote(text) + " is not valid base64");
    }
  }

  Digest digest(String text, String path) throws TrustFormatException {
    try {
      return Digest.parse(text);
    } catch (IllegalArgumentException e) {
      throw fail(
          path
              + " "
              + JsonValue.quote(text)
              + " is not a digest (expected sha256:<64 hex digits>)");
    }
  }

  /** Refuses fields of {@code node} outside {@code allowed}, as containers-policy.json(5) asks. */
  void onlyFields(JsonValue node, String path, Set<String> allowed) throws TrustFormatException {
    for (var field : node.properties()) {
      String name = field.getKey();
      if (!allowed.contains(name)) {
        throw fail(
            (path.isEmpty() ? "" : path + ": ")
                + "unknown field "
                + JsonValue.quote(name)
                + " (allowed: "
                + String.join(", ", allowed.stream().sorted().toList())
                + ")");
      }
    }
  }
}
