package dev.ocipkg.internal.registry;

import dev.ocipkg.internal.io.JsonValue;
import java.io.IOException;
import org.jspecify.annotations.Nullable;

/** Reads the OCI error body: {@code {"errors":[{"code":"...","message":"..."}]}}. */
final class OciErrors {
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
      JsonValue errors = JsonValue.parse(body).path("errors");
      JsonValue value = errors.path(0).path(field);
      return value.isTextual() ? value.asText() : null;
    } catch (IOException e) {
      return null;
    }
  }
}
