package dev.ocipkg.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * Renders the Distribution 2.8 {@code config.yml} for one harness registry. Written by hand rather
 * than with a YAML library: the structure is fixed and every scalar is quoted.
 */
final class RegistryConfigFile {
  /** Files that {@code http.tls} needs. */
  record Tls(Path certificate, Path key) {}

  /** Files and names that {@code auth.token} needs. */
  record Token(String realm, String service, String issuer, Path rootCertificateBundle) {}

  /** {@code proxy}: the upstream and, when it wants them, its credentials. */
  record Proxy(String remoteUrl, @Nullable String username, @Nullable String password) {}

  private RegistryConfigFile() {}

  static void write(
      Path file,
      Path storage,
      int port,
      String httpSecret,
      @Nullable Tls tls,
      @Nullable Path htpasswd,
      @Nullable Token token,
      @Nullable Proxy proxy)
      throws IOException {
    StringBuilder yaml = new StringBuilder();
    yaml.append("version: 0.1\n");
    // Info level because the harness waits for the "listening on" line; the access log is what
    // AccessLog parses.
    yaml.append("log:\n  level: info\n  formatter: text\n  accesslog:\n    disabled: false\n");
    yaml.append("storage:\n");
    yaml.append("  filesystem:\n    rootdirectory: ").append(quote(storage)).append('\n');
    yaml.append("  delete:\n    enabled: true\n");
    // No background purging of uploads while a test looks at the storage folder.
    yaml.append("  maintenance:\n    uploadpurging:\n      enabled: false\n");
    yaml.append("http:\n");
    yaml.append("  addr: ").append(quote("127.0.0.1:" + port)).append('\n');
    // A fixed secret per registry, so a restarted registry accepts uploads begun before the stop.
    yaml.append("  secret: ").append(quote(httpSecret)).append('\n');
    yaml.append("  headers:\n    X-Content-Type-Options: [nosniff]\n");
    if (tls != null) {
      yaml.append("  tls:\n");
      yaml.append("    certificate: ").append(quote(tls.certificate())).append('\n');
      yaml.append("    key: ").append(quote(tls.key())).append('\n');
    }
    if (htpasswd != null) {
      yaml.append("auth:\n  htpasswd:\n");
      yaml.append("    realm: ").append(quote("ocipkg-test")).append('\n');
      yaml.append("    path: ").append(quote(htpasswd)).append('\n');
    }
    if (token != null) {
      yaml.append("auth:\n  token:\n");
      yaml.append("    realm: ").append(quote(token.realm())).append('\n');
      yaml.append("    service: ").append(quote(token.service())).append('\n');
      yaml.append("    issuer: ").append(quote(token.issuer())).append('\n');
      yaml.append("    rootcertbundle: ").append(quote(token.rootCertificateBundle())).append('\n');
    }
    if (proxy != null) {
      yaml.append("proxy:\n");
      yaml.append("  remoteurl: ").append(quote(proxy.remoteUrl())).append('\n');
      if (proxy.username() != null && proxy.password() != null) {
        yaml.append("  username: ").append(quote(proxy.username())).append('\n');
        yaml.append("  password: ").append(quote(proxy.password())).append('\n');
      }
    }
    yaml.append("health:\n  storagedriver:\n    enabled: false\n");
    Files.writeString(file, yaml, StandardCharsets.UTF_8);
  }

  private static String quote(Object value) {
    String text = value.toString();
    StringBuilder quoted = new StringBuilder("\"");
    for (char c : text.toCharArray()) {
      if (c == '"' || c == '\\') {
        quoted.append('\\');
      } else if (c < 0x20) {
        throw new IllegalArgumentException("control character in config value: " + List.of(text));
      }
      quoted.append(c);
    }
    return quoted.append('"').toString();
  }
}
