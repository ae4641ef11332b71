package dev.ocipkg.internal.registry.credentials;

import dev.ocipkg.internal.io.JsonValue;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;

/**
 * One Docker {@code config.json} or containers {@code auth.json}, parsed.
 *
 * <p>For a host it answers, in this order: the helper named in {@code credHelpers} for the host;
 * else the {@code auths} entry for the host ({@code identitytoken}, then {@code auth}, then {@code
 * username}/{@code password}); else the default helper {@code credsStore}. An {@code auths} entry
 * without credentials (Docker Desktop writes {@code {}} next to {@code credsStore}) falls through
 * to {@code credsStore}. Keys of {@code auths} match by exact text first, then with scheme and path
 * stripped (see {@link RegistryHosts}).
 *
 * <p>A malformed file or entry is reported with the file's name and what is wrong, never with a
 * value from it, and gives no credential.
 */
final class AuthFile {
  /** Config files are a few kilobytes; a bigger one is not read. */
  static final long MAX_SIZE = 1 << 20;

  private final String name;
  private final @Nullable JsonValue auths; // an object
  private final @Nullable JsonValue credHelpers; // an object
  private final @Nullable String credsStore;

  private AuthFile(
      String name,
      @Nullable JsonValue auths,
      @Nullable JsonValue credHelpers,
      @Nullable String credsStore) {
    this.name = name;
    this.auths = auths;
    this.credHelpers = credHelpers;
    this.credsStore = credsStore;
  }

  /**
   * Reads {@code path}. Null if it does not exist, or if it is malformed, which is reported to
   * {@code warnings}.
   */
  static @Nullable AuthFile read(Path path, Consumer<String> warnings) {
    String name = path.toString();
    byte[] bytes;
    try {
      if (Files.size(path) > MAX_SIZE) {
        warnings.accept("ignoring " + name + ": larger than " + MAX_SIZE + " bytes");
        return null;
      }
      bytes = Files.readAllBytes(path);
    } catch (NoSuchFileException e) {
      return null;
    } catch (IOException e) {
      warnings.accept("ignoring " + name + ": cannot read it (" + e + ")");
      return null;
    }
    JsonValue root;
    try {
      root = JsonValue.parseAsGoDoes(bytes); // as Docker reads it
    } catch (JsonValue.MalformedJson e) {
      // Not e.getMessage(): it may name a field of the file, which may be a secret.
      warnings.accept("ignoring " + name + ": " + describe(e));
      return null;
    }
    try {
      return parse(name, root);
    } catch (Malformed e) {
      warnings.accept("ignoring " + name + ": " + e.getMessage());
      return null;
    }
  }

  /** The structure of a whole file; entries are checked when a host needs them. */
  static AuthFile parse(String name, JsonValue root) throws Malformed {
    if (!root.isObject()) {
      throw new Malformed("not a JSON object");
    }
    JsonValue auths = root.get("auths");
    if (auths != null && !auths.isNull() && !auths.isObject()) {
      throw new Malformed("\"auths\" is not an object");
    }
    JsonValue helpers = root.get("credHelpers");
    if (helpers != null && !helpers.isNull()) {
      if (!helpers.isObject()) {
        throw new Malformed("\"credHelpers\" is not an object");
      }
      for (Map.Entry<String, JsonValue> e : helpers.properties()) {
        if (!e.getValue().isTextual()) {
          throw new Malformed("credHelpers[\"" + e.getKey() + "\"] is not a string");
        }
      }
    }
    JsonValue store = root.get("credsStore");
    if (store != null && !store.isNull() && !store.isTextual()) {
      throw new Malformed("\"credsStore\" is not a string");
    }
    return new AuthFile(
        name,
        auths != null && auths.isObject() ? auths : null,
        helpers != null && helpers.isObject() ? helpers : null,
        store != null && store.isTextual() && !store.asText().isBlank() ? store.asText() : null);
  }

  /** The credential this file gives for {@code host}, running helpers as it names them. */
  Optional<Credential> find(String host, CredentialHelper helpers, Consumer<String> warnings) {
    String helper = helperFor(host);
    if (helper != null) {
      return helpers.get(helper, RegistryHosts.serverUrl(host), "credHelpers in " + name);
    }
    JsonValue entries = auths;
    for (String key : entries == null ? List.<String>of() : authKeys(entries, host)) {
      try {
        Credential credential = credentialIn(key, entries.path(key));
        if (credential != null) {
          return Optional.of(credential);
        }
      } catch (Malformed e) {
        warnings.accept("ignoring " + name + ": " + e.getMessage());
        return Optional.empty();
      }
    }
    if (credsStore != null) {
      return helpers.get(credsStore, RegistryHosts.serverUrl(host), "credsStore in " + name);
    }
    return Optional.empty();
  }

  /** The helper that {@code credHelpers} names for the host: the exact key, or a Docker Hub key. */
  private @Nullable String helperFor(String host) {
    if (credHelpers == null) {
      return null;
    }
    List<String> keys = new ArrayList<>();
    keys.add(host);
    if (RegistryHosts.isDockerHub(host)) {
      keys.add(RegistryHosts.DOCKER_HUB_KEY);
      keys.add("docker.io");
      keys.add("index.docker.io");
      keys.add("registry-1.docker.io");
    }
    for (String key : keys) {
      JsonValue helper = credHelpers.get(key);
      if (helper != null && !helper.asText().isBlank()) {
        return helper.asText();
      }
    }
    return null;
  }

  /** The {@code auths} keys that name the host: the exact key first, then the others in order. */
  private static List<String> authKeys(JsonValue auths, String host) {
    List<String> keys = new ArrayList<>();
    if (auths.has(host)) {
      keys.add(host);
    }
    for (Map.Entry<String, JsonValue> member : auths.properties()) {
      String key = member.getKey();
      if (!key.equals(host) && RegistryHosts.sameRegistry(key, host)) {
        keys.add(key);
      }
    }
    return keys;
  }

  /** The credential in one {@code auths} entry, or null if it holds none. */
  private @Nullable Credential credentialIn(String key, JsonValue entry) throws Malformed {
    String where = "auths[\"" + key + "\"]";
    if (entry.isNull()) {
      return null;
    }
    if (!entry.isObject()) {
      throw new Malformed(where + " is not an object");
    }
    String source = name + " (auths)";
    String token = text(entry, "identitytoken", where);
    if (token != null) {
      return Credential.identityToken(token, source);
    }
    String auth = text(entry, "auth", where);
    if (auth != null) {
      String decoded;
      try {
        decoded = new String(Base64.getDecoder().decode(auth.strip()), StandardCharsets.UTF_8);
      } catch (IllegalArgumentException e) {
        throw new Malformed(where + ".auth is not base64 of user:password");
      }
      int colon = decoded.indexOf(':');
      if (colon < 0) {
        throw new Malformed(where + ".auth is not base64 of user:password (no ':')");
      }
      return Credential.password(decoded.substring(0, colon), decoded.substring(colon + 1), source);
    }
    String username = text(entry, "username", where);
    String password = text(entry, "password", where);
    if (username != null && password != null) {
      return Credential.password(username, password, source);
    }
    if (username != null || password != null) {
      throw new Malformed(where + " has a username or a password but not both");
    }
    return null;
  }

  /** A non-empty string field, null if absent or empty. */
  private static @Nullable String text(JsonValue entry, String field, String where)
      throws Malformed {
    JsonValue value = entry.get(field);
    if (value == null || value.isNull()) {
      return null;
    }
    if (!value.isTextual()) {
      throw new Malformed(where + "." + field + " is not a string");
    }
    return value.asText().isEmpty() ? null : value.asText();
  }

  /** Where the JSON broke, without the text around it. */
  static String describe(JsonValue.MalformedJson e) {
    return "not valid JSON" + e.position();
  }

  /** What is wrong with a file, in words that hold no value from it. */
  static final class Malformed extends Exception {
    private static final long serialVersionUID = 1L;

    Malformed(String message) {
      super(message, null, false, false);
    }
  }
}
