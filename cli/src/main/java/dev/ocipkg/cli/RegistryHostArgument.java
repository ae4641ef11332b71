package dev.ocipkg.cli;

import java.util.Locale;

/** A registry host argument: {@code ghcr.io}, {@code localhost:5000}, or a URL of one. */
final class RegistryHostArgument {
  private RegistryHostArgument() {}

  static String normalise(Subcommand command, String text) {
    String host = text.strip().toLowerCase(Locale.ROOT);
    int scheme = host.indexOf("://");
    if (scheme >= 0) {
      host = host.substring(scheme + 3);
    }
    int slash = host.indexOf('/');
    if (slash >= 0) {
      host = host.substring(0, slash);
    }
    if (!host.matches("[a-z0-9.\\-]+(:[0-9]{1,5})?|\\[[0-9a-f:]+\\](:[0-9]{1,5})?")) {
      throw command.usage("\"" + text + "\" is not a registry host such as ghcr.io or host:5000");
    }
    return host;
  }
}
