package dev.ocipkg.internal.registry.credentials;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/** Config files, helper scripts and an environment for the credential tests. */
final class CredentialFixtures {
  /** A secret that must never show up in a message. */
  static final String SECRET = "Zebra-Quokka-7731";

  final Path root;
  final Path home;
  final Path bin;
  final List<String> warnings = new ArrayList<>();

  CredentialFixtures(Path root) throws IOException {
    this.root = root;
    this.home = Files.createDirectories(root.resolve("home"));
    this.bin = Files.createDirectories(root.resolve("bin"));
  }

  /** An environment with only our PATH and home, warnings collected. */
  Environment.Builder env() {
    return Environment.builder(home).variable("PATH", bin.toString()).warnings(warnings::add);
  }

  static String b64(String s) {
    return Base64.getEncoder().encodeToString(s.getBytes(StandardCharsets.UTF_8));
  }

  /** {@code {"auths":{"<key>":{"auth":"<base64 user:password>"}}}}. */
  static String auths(String key, String user, String password) {
    return "{\"auths\":{\"" + key + "\":{\"auth\":\"" + b64(user + ":" + password) + "\"}}}";
  }

  static Path write(Path file, String text) throws IOException {
    Files.createDirectories(file.getParent());
    return Files.writeString(file, text);
  }

  /**
   * A helper {@code docker-credential-<name>} on {@link #bin}: a bash script with {@code body}. It
   * records its stdin in {@code <bin>/<name>.stdin} and appends a line to {@code <bin>/<name>.runs}
   * per run, before {@code body} runs.
   */
  Path helper(String name, String body) throws IOException {
    Path script = bin.resolve("docker-credential-" + name);
    Files.writeString(
        script,
        "#!/bin/bash\n"
            + "dir=\"$(dirname \"$0\")\"\n"
            + "cat > \"$dir/"
            + name
            + ".stdin\"\n"
            + "echo run >> \"$dir/"
            + name
            + ".runs\"\n"
            + body
            + "\n");
    Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwxr-xr-x"));
    return script;
  }

  /** A helper that answers {@code user}/{@code secret}. */
  Path answeringHelper(String name, String user, String secret) throws IOException {
    return helper(
        name,
        "printf '%s' '{\"ServerURL\":\"x\",\"Username\":\""
            + user
            + "\",\"Secret\":\""
            + secret
            + "\"}'");
  }

  /** What the helper read from stdin on its last run. */
  String stdinOf(String name) throws IOException {
    return Files.readString(bin.resolve(name + ".stdin"));
  }

  long runsOf(String name) throws IOException {
    Path runs = bin.resolve(name + ".runs");
    return Files.exists(runs) ? Files.readAllLines(runs).size() : 0;
  }
}
