package dev.ocipkg.testing;

import java.util.List;

/**
 * One {@code scope} parameter of a token request, {@code type:name:actions}, e.g. {@code
 * repository:acme/libfoo:pull,push}. The name may itself contain colons (a registry host with a
 * port), so type is up to the first colon and actions after the last.
 */
record TokenScope(String type, String name, List<String> actions) {

  static TokenScope parse(String scope) {
    int first = scope.indexOf(':');
    int last = scope.lastIndexOf(':');
    if (first <= 0 || last == first || last == scope.length() - 1) {
      throw new IllegalArgumentException(
          "scope must look like type:name:actions, got \"" + scope + "\"");
    }
    return new TokenScope(
        scope.substring(0, first),
        scope.substring(first + 1, last),
        List.of(scope.substring(last + 1).split(",")));
  }
}
