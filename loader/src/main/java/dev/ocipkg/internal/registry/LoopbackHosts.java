package dev.ocipkg.internal.registry;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Locale;

/**
 * Which hosts are this machine's own: {@code localhost} and literal loopback addresses. Names are
 * never resolved here: a name that resolves to 127.0.0.1 today may resolve elsewhere tomorrow, and
 * only loopback may see credentials over plain http.
 */
final class LoopbackHosts {
  private LoopbackHosts() {}

  /** Whether {@code host} ({@code name[:port]} or {@code [v6]:port}) is loopback. */
  static boolean isLoopback(String host) {
    String name = hostName(host);
    if (name.equals("localhost")) {
      return true;
    }
    if (!isIpLiteral(name)) {
      return false;
    }
    try {
      return InetAddress.getByName(name).isLoopbackAddress();
    } catch (UnknownHostException e) {
      return false;
    }
  }

  private static boolean isIpLiteral(String name) {
    if (name.contains(":")) {
      return true; // IPv6
    }
    for (int i = 0; i < name.length(); i++) {
      char c = name.charAt(i);
      if (c != '.' && (c < '0' || c > '9')) {
        return false;
      }
    }
    return !name.isEmpty();
  }

  /** The name of {@code host} without its port and IPv6 brackets, lower case. */
  static String hostName(String host) {
    String h = host.toLowerCase(Locale.ROOT);
    if (h.startsWith("[")) {
      int close = h.indexOf(']');
      return close > 0 ? h.substring(1, close) : h.substring(1);
    }
    if (h.indexOf(':') != h.lastIndexOf(':')) {
      return h; // a bare IPv6 address (an HttpUrl's host), no port
    }
    int colon = h.lastIndexOf(':');
    return colon > 0 ? h.substring(0, colon) : h;
  }
}
