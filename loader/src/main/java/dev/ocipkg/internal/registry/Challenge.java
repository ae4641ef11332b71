package dev.ocipkg.internal.registry;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * A parsed {@code WWW-Authenticate} challenge: {@code Bearer realm="…",service="…",scope="…"} or
 * {@code Basic realm="…"}, with an {@code error} such as {@code insufficient_scope}.
 *
 * @param scheme {@code bearer} or {@code basic}, lower case
 * @param parameters the auth-params, names lower case
 */
record Challenge(String scheme, Map<String, String> parameters) {

  /** The first challenge of the header values, or null if none can be read. */
  static @Nullable Challenge parse(List<String> headerValues) {
    for (String value : headerValues) {
      Challenge c = parseOne(value);
      if (c != null) {
        return c;
      }
    }
    return null;
  }

  static @Nullable Challenge parseOne(String value) {
    String v = value.trim();
    int space = v.indexOf(' ');
    String scheme = (space < 0 ? v : v.substring(0, space)).toLowerCase(Locale.ROOT);
    if (scheme.isEmpty()) {
      return null;
    }
    Map<String, String> params = new LinkedHashMap<>();
    if (space > 0) {
      parseParams(v.substring(space + 1), params);
    }
    return new Challenge(scheme, params);
  }

  /** {@code name=value} or {@code name="quoted, value"} pairs separated by commas. */
  private static void parseParams(String s, Map<String, String> into) {
    int i = 0;
    int n = s.length();
    while (i < n) {
      while (i < n && (s.charAt(i) == ',' || s.charAt(i) == ' ')) {
        i++;
      }
      int eq = s.indexOf('=', i);
      if (eq < 0) {
        return;
      }
      String name = s.substring(i, eq).trim().toLowerCase(Locale.ROOT);
      i = eq + 1;
      StringBuilder value = new StringBuilder();
      if (i < n && s.charAt(i) == '"') {
        i++;
        while (i < n && s.charAt(i) != '"') {
          if (s.charAt(i) == '\\' && i + 1 < n) {
            i++;
          }
          value.append(s.charAt(i++));
        }
        i++; // closing quote
      } else {
        while (i < n && s.charAt(i) != ',') {
          value.append(s.charAt(i++));
        }
      }
      into.put(name, value.toString().trim());
    }
  }

  boolean isBearer() {
    return scheme.equals("bearer");
  }

  boolean isBasic() {
    return scheme.equals("basic");
  }

  @Nullable String realm() {
    return parameters.get("realm");
  }

  @Nullable String service() {
    return parameters.get("service");
  }

  /** The scopes the challenge names (space-separated in one parameter), possibly none. */
  List<String> scopes() {
    String scope = parameters.get("scope");
    List<String> scopes = new ArrayList<>();
    if (scope != null) {
      for (String s : scope.split(" ")) {
        if (!s.isBlank()) {
          scopes.add(s);
        }
      }
    }
    return scopes;
  }

  boolean isInsufficientScope() {
    return "insufficient_scope".equals(parameters.get("error"));
  }
}
