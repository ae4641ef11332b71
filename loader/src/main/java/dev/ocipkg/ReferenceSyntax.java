package dev.ocipkg;

/**
 * The grammar of image references (distribution's reference grammar), checked by hand rather than
 * with regular expressions: references are parsed on the warm path, at JVM start.
 */
final class ReferenceSyntax {
  private static final int MAX_TAG_LENGTH = 128;

  private ReferenceSyntax() {}

  /** {@code [A-Za-z0-9_][A-Za-z0-9_.-]{0,127}}. */
  static boolean isTag(String s) {
    if (s.isEmpty() || s.length() > MAX_TAG_LENGTH || !isWord(s.charAt(0))) {
      return false;
    }
    for (int i = 1; i < s.length(); i++) {
      char c = s.charAt(i);
      if (!isWord(c) && c != '.' && c != '-') {
        return false;
      }
    }
    return true;
  }

  /**
   * The grammar of {@code org.opencontainers.image.ref.name} (the image spec's annotations, as
   * containers/image checks the name in {@code oci:DIR:NAME}): {@code component ("/" component)*},
   * {@code component ::= alphanum (separator alphanum)*}, {@code alphanum ::= [A-Za-z0-9]+}, {@code
   * separator ::= [-._:@+] | "--"}.
   */
  static boolean isRefName(String s) {
    if (s.isEmpty()) {
      return false;
    }
    int start = 0;
    for (int i = 0; i <= s.length(); i++) {
      if (i == s.length() || s.charAt(i) == '/') {
        if (!isRefNameComponent(s, start, i)) {
          return false;
        }
        start = i + 1;
      }
    }
    return true;
  }

  private static boolean isRefNameComponent(String s, int start, int end) {
    if (end <= start || !isAlnum(s.charAt(start)) || !isAlnum(s.charAt(end - 1))) {
      return false;
    }
    int i = start;
    while (i < end) {
      if (isAlnum(s.charAt(i))) {
        i++;
        continue;
      }
      int sepStart = i;
      while (i < end && !isAlnum(s.charAt(i))) {
        i++;
      }
      String separator = s.substring(sepStart, i);
      if (!(separator.equals("--")
          || (separator.length() == 1 && "-._:@+".indexOf(separator.charAt(0)) >= 0))) {
        return false;
      }
    }
    return true;
  }

  /** {@code [a-z0-9]+((\.|_|__|-+)[a-z0-9]+)*}: one component of a repository path. */
  static boolean isPathComponent(String s) {
    int n = s.length();
    if (n == 0 || !isLowerAlnum(s.charAt(0)) || !isLowerAlnum(s.charAt(n - 1))) {
      return false;
    }
    int i = 0;
    while (i < n) {
      char c = s.charAt(i);
      if (isLowerAlnum(c)) {
        i++;
        continue;
      }
      int start = i;
      while (i < n && !isLowerAlnum(s.charAt(i))) {
        i++;
      }
      String separator = s.substring(start, i);
      if (!isSeparator(separator)) {
        return false;
      }
    }
    return true;
  }

  private static boolean isSeparator(String s) {
    if (s.equals(".") || s.equals("_") || s.equals("__")) {
      return true;
    }
    for (int i = 0; i < s.length(); i++) {
      if (s.charAt(i) != '-') {
        return false;
      }
    }
    return true;
  }

  /** A host name, IPv4 address or bracketed IPv6 address, with an optional {@code :port}. */
  static boolean isHost(String s) {
    String host = s;
    int portStart = -1;
    if (s.startsWith("[")) {
      int close = s.indexOf(']');
      if (close < 0) {
        return false;
      }
      for (int i = 1; i < close; i++) {
        char c = s.charAt(i);
        if (!(isHexDigit(c) || c == ':' || c == '.')) {
          return false;
        }
      }
      if (close == 1) {
        return false;
      }
      if (close + 1 < s.length()) {
        if (s.charAt(close + 1) != ':') {
          return false;
        }
        portStart = close + 2;
      }
      return portStart < 0 || isPort(s.substring(portStart));
    }
    int colon = s.indexOf(':');
    if (colon >= 0) {
      host = s.substring(0, colon);
      if (!isPort(s.substring(colon + 1))) {
        return false;
      }
    }
    if (host.isEmpty()) {
      return false;
    }
    int labelStart = 0;
    for (int i = 0; i <= host.length(); i++) {
      if (i == host.length() || host.charAt(i) == '.') {
        if (!isLabel(host, labelStart, i)) {
          return false;
        }
        labelStart = i + 1;
      }
    }
    return true;
  }

  private static boolean isLabel(String s, int start, int end) {
    if (end <= start || !isAlnum(s.charAt(start)) || !isAlnum(s.charAt(end - 1))) {
      return false;
    }
    for (int i = start; i < end; i++) {
      char c = s.charAt(i);
      if (!isAlnum(c) && c != '-') {
        return false;
      }
    }
    return true;
  }

  private static boolean isPort(String s) {
    if (s.isEmpty() || s.length() > 5) {
      return false;
    }
    for (int i = 0; i < s.length(); i++) {
      if (s.charAt(i) < '0' || s.charAt(i) > '9') {
        return false;
      }
    }
    return true;
  }

  private static boolean isWord(char c) {
    return isAlnum(c) || c == '_';
  }

  private static boolean isAlnum(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
  }

  private static boolean isLowerAlnum(char c) {
    return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
  }

  private static boolean isHexDigit(char c) {
    return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
  }
}
