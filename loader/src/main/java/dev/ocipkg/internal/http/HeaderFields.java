package dev.ocipkg.internal.http;

import java.util.List;
import org.jspecify.annotations.Nullable;

/** Header fields kept as one flat list: name, value, name, value, … */
final class HeaderFields {
  private HeaderFields() {}

  /** The last value of field {@code name} (any case) in {@code fields}, or null. */
  static @Nullable String last(List<String> fields, String name) {
    String value = null;
    for (int i = 0; i + 1 < fields.size(); i += 2) {
      if (fields.get(i).equalsIgnoreCase(name)) {
        value = fields.get(i + 1);
      }
    }
    return value;
  }
}
