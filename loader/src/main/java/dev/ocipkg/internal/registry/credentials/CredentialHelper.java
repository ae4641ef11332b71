package dev.ocipkg.internal.registry.credentials;

import dev.ocipkg.internal.io.JsonValue;
import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;

/**
 * Runs Docker credential helpers: {@code docker-credential-<name> get}, the server URL on stdin,
 * {@code {"ServerURL":…,"Username":…,"Secret":…}} on stdout.
 *
 * <p>The program is found by scanning {@code PATH} ourselves (absolute entries only, so a helper is
 * never picked up from the working directory) and started without a shell. It gets a deadline; past
 * it the helper and its children are killed. Neither its stdout (which holds the secret, and where
 * docker-credential-helpers also print their errors) nor more than the first line of its stderr
 * ever reaches a message.
 */
final class CredentialHelper {
  /** How the source of a credential that a helper gave begins. */
  static final String SOURCE_PREFIX = "credential helper ";

  static final String PREFIX = "docker-credential-";

  /** What helpers from docker-credential-helpers answer for an unknown server. */
  private static final String NOT_FOUND = "credentials not found in native keychain";

  /** A helper answer is a few hundred bytes; anything past this is read and dropped. */
  private static final int MAX_OUTPUT = 64 * 1024;

  private final Environment env;
  private final Duration timeout;

  CredentialHelper(Environment env, Duration timeout) {
    this.env = env;
    this.timeout = timeout;
  }

  /**
   * Asks helper {@code name} for {@code serverUrl}. Empty when the helper knows no credential, and
   * also when it fails (missing, timed out, bad answer), which is reported through the environment.
   *
   * @param origin where the helper was named, for messages, e.g. {@code credHelpers in
   *     /home/u/.docker/config.json}
   */
  Optional<Credential> get(String name, String serverUrl, String origin) {
    String program = PREFIX + name;
    if (!isProgramSuffix(name)) {
      env.warn(
          "ignoring credential helper \""
              + name
              + "\" ("
              + origin
              + "): a helper name must be a plain program-name suffix");
      return Optional.empty();
    }
    Path executable = resolve(program);
    if (executable == null) {
      env.warn(
          "credential helper "
              + program
              + " ("
              + origin
              + ") is not an executable on the PATH; going on without its credentials");
      return Optional.empty();
    }
    Process process;
    try {
      process = new ProcessBuilder(executable.toString(), "get").start();
    } catch (IOException e) {
      env.warn("cannot run credential helper " + executable + " (" + origin + "): " + e);
      return Optional.empty();
    }
    Drain stdout = new Drain(process.getInputStream(), program + " stdout");
    Drain stderr = new Drain(process.getErrorStream(), program + " stderr");
    stdout.start();
    stderr.start();
    try (OutputStream stdin = process.getOutputStream()) {
      stdin.write(serverUrl.getBytes(StandardCharsets.UTF_8));
    } catch (IOException e) {
      // The helper may exit without reading its input; its exit code and output tell the rest.
    }
    long deadline = System.nanoTime() + timeout.toNanos();
    try {
      boolean exited = process.waitFor(timeout.toNanos(), TimeUnit.NANOSECONDS);
      if (exited) {
        stdout.join(remainingMillis(deadline));
        stderr.join(remainingMillis(deadline));
      }
      if (!exited || stdout.isAlive() || stderr.isAlive()) {
        kill(process);
        env.warn(
            "credential helper "
                + program
                + " ("
                + origin
                + ") did not answer within "
                + describe(timeout)
                + " and was stopped; going on without its credentials");
        return Optional.empty();
      }
    } catch (InterruptedException e) {
      kill(process);
      Thread.currentThread().interrupt();
      return Optional.empty();
    }
    String source = SOURCE_PREFIX + program + " (" + origin + ")";
    int exit = process.exitValue();
    if (exit != 0) {
      if (stdout.text().contains(NOT_FOUND) || stderr.text().contains(NOT_FOUND)) {
        return Optional.empty();
      }
      String first = firstLine(stderr.text());
      env.warn(
          source
              + " failed for "
              + serverUrl
              + " with exit code "
              + exit
              + (first.isEmpty() ? "" : ": " + first));
      return Optional.empty();
    }
    return parse(stdout.bytes(), source);
  }

  /**
   * Whether {@code name} is a plain program-name suffix, {@code [A-Za-z0-9][A-Za-z0-9._-]*}: a path
   * here would run anything from a config file. No regular expression: a first {@code
   * Pattern.compile} costs a fresh JVM's cold load over a millisecond, and this class is made for
   * every registry.
   */
  static boolean isProgramSuffix(String name) {
    if (name.isEmpty()) {
      return false;
    }
    for (int i = 0; i < name.length(); i++) {
      char c = name.charAt(i);
      boolean alphanumeric =
          (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
      if (!alphanumeric && (i == 0 || (c != '.' && c != '_' && c != '-'))) {
        return false;
      }
    }
    return true;
  }

  /** The helper's JSON answer; its content never goes into a message. */
  private Optional<Credential> parse(byte[] output, String source) {
    JsonValue answer;
    try {
      answer = JsonValue.parse(output);
    } catch (IOException e) {
      answer = null;
    }
    if (answer == null || !answer.isObject()) {
      env.warn(source + " printed something other than a JSON object; ignoring its answer");
      return Optional.empty();
    }
    JsonValue username = answer.path("Username");
    JsonValue secret = answer.path("Secret");
    if (!secret.isMissingNode() && !secret.isNull() && !secret.isTextual()
        || !username.isMissingNode() && !username.isNull() && !username.isTextual()) {
      env.warn(source + " answered with a Username or Secret that is not a string; ignoring it");
      return Optional.empty();
    }
    if (!secret.isTextual() || secret.asText().isEmpty()) {
      return Optional.empty();
    }
    String user = username.isTextual() ? username.asText() : "";
    return Optional.of(
        Credential.TOKEN_USERNAME.equals(user)
            ? Credential.identityToken(secret.asText(), source)
            : Credential.password(user, secret.asText(), source));
  }

  /** The first executable {@code program} in an absolute {@code PATH} entry, or null. */
  @Nullable Path resolve(String program) {
    String path = env.variable("PATH");
    if (path == null) {
      return null;
    }
    List<String> suffixes = List.of("");
    if (env.windows()) {
      String pathext = env.variable("PATHEXT");
      suffixes = List.of((pathext != null ? pathext : ".COM;.EXE;.BAT;.CMD").split(";"));
    }
    for (String dir : path.split(File.pathSeparator)) {
      for (String suffix : suffixes) {
        try {
          Path dirPath = Path.of(dir.trim());
          if (!dirPath.isAbsolute()) {
            break;
          }
          Path candidate = dirPath.resolve(program + suffix);
          if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
            return candidate;
          }
        } catch (InvalidPathException e) {
          break;
        }
      }
    }
    return null;
  }

  /** Kills the helper and whatever it started (a shell script's {@code sleep}, say). */
  private static void kill(Process process) {
    process.descendants().forEach(ProcessHandle::destroyForcibly);
    process.destroyForcibly();
  }

  private static long remainingMillis(long deadline) {
    // join(0) waits forever: never ask for less than a millisecond.
    return Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime()));
  }

  private static String firstLine(String text) {
    String line = text.strip().lines().findFirst().orElse("").strip();
    return line.length() > 200 ? line.substring(0, 200) + "…" : line;
  }

  private static String describe(Duration d) {
    return d.toMillis() % 1000 == 0 ? d.toSeconds() + " s" : d.toMillis() + " ms";
  }

  /**
   * Reads one output stream of the helper to its end, keeping the first {@link #MAX_OUTPUT} bytes,
   * so that a chatty helper can never block on a full pipe.
   */
  private static final class Drain extends Thread {
    private final InputStream in;
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();

    Drain(InputStream in, String name) {
      super(name);
      this.in = in;
      setDaemon(true);
    }

    @Override
    public void run() {
      byte[] buffer = new byte[8192];
      try (InputStream stream = in) {
        int n;
        while ((n = stream.read(buffer)) >= 0) {
          int keep = Math.min(n, MAX_OUTPUT - out.size());
          if (keep > 0) {
            out.write(buffer, 0, keep);
          }
        }
      } catch (IOException e) {
        // The stream closes when the process is killed; what was read so far is all there is.
      }
    }

    /** Only after {@link #join} has seen this thread end. */
    byte[] bytes() {
      return out.toByteArray();
    }

    String text() {
      return new String(out.toByteArray(), StandardCharsets.UTF_8);
    }
  }
}
