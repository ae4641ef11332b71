package dev.ocipkg.internal.registry.credentials;

import dev.ocipkg.internal.io.JsonValue;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * Writes credentials into a Docker {@code config.json} for {@code ocipkg login} and {@code logout}.
 * Only {@code auths} changes; every other field stays as it was. The file is replaced atomically
 * (temporary file in the same directory, then rename) and is readable by its owner only (0600 on
 * POSIX).
 *
 * <p>This writes the file even where {@code credsStore} or {@code credHelpers} name a helper for
 * the host, which {@code docker login} would use instead; {@link DockerCredentials} reads {@code
 * auths} before {@code credsStore}, so what is written here is what ocipkg uses.
 */
public final class DockerConfigFile {
  private DockerConfigFile() {}

  /**
   * Where {@code login} writes: {@code $DOCKER_CONFIG/config.json} or {@code ~/.docker/}, as the
   * configuration's {@code variables} and {@code home} say.
   */
  public static Path location(Function<String, @Nullable String> variables, @Nullable Path home) {
    Path file = Environment.builder(home).variables(variables).build().dockerConfigJson();
    if (file == null) {
      throw new IllegalStateException(
          "no home folder and no DOCKER_CONFIG: nowhere to keep Docker's config.json");
    }
    return file;
  }

  /**
   * Stores {@code user}/{@code password} for {@code host} as {@code auths[host].auth}, under {@code
   * https://index.docker.io/v1/} for Docker Hub as Docker does. Other keys naming the same registry
   * ({@code https://host}, {@code host/v1/}) are removed, so that no stale entry shadows this one.
   * Creates the file (and its directory) if missing.
   *
   * @throws IllegalArgumentException if the host is blank or the user name holds a {@code :}
   * @throws IOException if the file cannot be read, is not a JSON object, or cannot be written
   */
  public static void store(Path configJson, String host, String user, String password)
      throws IOException {
    if (host.isBlank()) {
      throw new IllegalArgumentException("registry host is blank");
    }
    if (user.indexOf(':') >= 0) {
      throw new IllegalArgumentException(
          "user name \"" + user + "\" holds a ':', which config.json cannot store");
    }
    Path target = resolve(configJson);
    Map<String, JsonValue> root = readOrEmpty(target);
    Map<String, JsonValue> auths = auths(root, target);
    String key = RegistryHosts.serverUrl(host.strip());
    JsonValue old = auths.get(key);
    Map<String, JsonValue> entry = old == null ? new LinkedHashMap<>() : fieldsOf(old);
    entry.keySet().removeAll(List.of("username", "password", "identitytoken", "registrytoken"));
    String auth = user + ":" + password;
    entry.put(
        "auth",
        JsonValue.string(
            Base64.getEncoder().encodeToString(auth.getBytes(StandardCharsets.UTF_8))));
    for (String other : keysOf(auths, host)) {
      auths.remove(other);
    }
    auths.put(key, JsonValue.object(entry));
    root.put("auths", JsonValue.object(auths));
    write(target, root);
  }

  /**
   * Removes every {@code auths} entry that names {@code host}.
   *
   * @return whether there was one; if not, the file is left untouched
   */
  public static boolean remove(Path configJson, String host) throws IOException {
    Path target = resolve(configJson);
    if (!Files.exists(target)) {
      return false;
    }
    Map<String, JsonValue> root = readOrEmpty(target);
    Map<String, JsonValue> auths = auths(root, target);
    List<String> keys = keysOf(auths, host);
    if (keys.isEmpty()) {
      return false;
    }
    auths.keySet().removeAll(keys);
    root.put("auths", JsonValue.object(auths));
    write(target, root);
    return true;
  }

  private static List<String> keysOf(Map<String, JsonValue> auths, String host) {
    List<String> keys = new ArrayList<>();
    for (String key : auths.keySet()) {
      if (RegistryHosts.sameRegistry(key, host)) {
        keys.add(key);
      }
    }
    return keys;
  }

  /** A symbolic link (dotfiles kept elsewhere) is followed, so that the link stays a link. */
  private static Path resolve(Path configJson) throws IOException {
    return Files.isSymbolicLink(configJson) ? configJson.toRealPath() : configJson;
  }

  /** The fields of the file's object, to change; none for a missing or empty file. */
  private static Map<String, JsonValue> readOrEmpty(Path file) throws IOException {
    if (!Files.exists(file)) {
      return new LinkedHashMap<>();
    }
    JsonValue root;
    try {
      root = JsonValue.parseAsGoDoes(Files.readAllBytes(file)); // as Docker reads it
    } catch (JsonValue.MalformedJson e) {
      // Not chained: the message may name a field of the file, which may be a secret.
      throw new IOException("cannot update " + file + ": " + AuthFile.describe(e));
    }
    if (root.isMissingNode()) {
      return new LinkedHashMap<>(); // an empty file
    }
    if (!root.isObject()) {
      throw new IOException("cannot update " + file + ": not a JSON object");
    }
    return fieldsOf(root);
  }

  /** The fields of {@code auths}, to change; none where it is absent or null. */
  private static Map<String, JsonValue> auths(Map<String, JsonValue> root, Path file)
      throws IOException {
    JsonValue auths = root.get("auths");
    if (auths == null || auths.isNull()) {
      return new LinkedHashMap<>();
    }
    if (!auths.isObject()) {
      throw new IOException("cannot update " + file + ": \"auths\" is not an object");
    }
    return fieldsOf(auths);
  }

  /** A copy of an object's fields in their order, to change; none for any other value. */
  private static Map<String, JsonValue> fieldsOf(JsonValue value) {
    Map<String, JsonValue> fields = new LinkedHashMap<>();
    value.properties().forEach(field -> fields.put(field.getKey(), field.getValue()));
    return fields;
  }

  private static void write(Path target, Map<String, JsonValue> root) throws IOException {
    Path dir = target.toAbsolutePath().getParent();
    boolean posix = FileSystems.getDefault().supportedFileAttributeViews().contains("posix");
    if (!Files.isDirectory(dir)) {
      if (posix) {
        Files.createDirectories(
            dir,
            PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
      } else {
        Files.createDirectories(dir);
      }
    }
    String prefix = "." + target.getFileName() + ".";
    Path temp =
        posix
            ? Files.createTempFile(
                dir,
                prefix,
                ".tmp",
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")))
            : Files.createTempFile(dir, prefix, ".tmp");
    try {
      byte[] bytes = JsonValue.object(root).prettyBytes();
      try (FileChannel out = FileChannel.open(temp, StandardOpenOption.WRITE)) {
        ByteBuffer buffer = ByteBuffer.allocate(bytes.length + 1).put(bytes).put((byte) '\n');
        buffer.flip();
        while (buffer.hasRemaining()) {
          out.write(buffer);
        }
        out.force(true);
      }
      Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } finally {
      Files.deleteIfExists(temp);
    }
  }
}
