package dev.ocipkg.internal.registry;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import org.jspecify.annotations.Nullable;

/** Reads the OCI error body: {@code {"errors":[{"code":"...","message":"..."}]}}. */
final class OciErrors {
  /** Made on first use, so that a pull that parses none of this never starts jackson-databind. */
  private static final class Json {
    static final ObjectMapper MAPPER = new ObjectMapper();
  }

  private OciErrors() {}

  static @Nullable String firstCode(String body) {
    return firstField(body, "code");
  }

  static @Nullable String firstMessage(String body) {
    return firstField(body, "message");
  }

  private static @Nullable String firstField(String body, String field) {
    if (body.isBlank() || body.charAt(0) != '{') {
      return null;
    }
    try {
      JsonNode errors = Json.MAPPER.readTree(body).path("errors");
      JsonNode value = errors.path(0).path(field);
      return value.isTextual() ? value.asText() : null;
    } catch (IOException e) {
      return null;
    }
  }
}
