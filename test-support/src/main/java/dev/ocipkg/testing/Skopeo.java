package dev.ocipkg.testing;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * {@code skopeo}, the independent OCI client: what ocipkg pushes it must read, what it pushes
 * ocipkg must load. Runs without a shell, with a timeout, with the TLS and credential flags each
 * {@link RegistryMode} needs, and never prints a password (the command and output in exceptions are
 * redacted).
 *
 * <p>Registry-side arguments are {@code repository:tag} or {@code repository@sha256:…} on the given
 * {@link RegistryServer}; layout-side arguments are an OCI image layout folder and a tag in it.
 */
public final class Skopeo {
  private static final Set<String> CREDENTIAL_FLAGS =
      Set.of("--creds", "--src-creds", "--dest-creds");
  private static final String REDACTED = "****";

  private final Path binary;
  private final Duration timeout;

  private Skopeo(Path binary, Duration timeout) {
    this.binary = binary;
    this.timeout = timeout;
  }

  /**
   * Finds {@code skopeo} on {@code PATH} (or the system property {@code ocipkg.test.skopeo}).
   *
   * @throws IllegalStateException with the install command when it is missing
   */
  public static Skopeo locate() {
    return new Skopeo(Executables.find("skopeo"), Duration.ofSeconds(120));
  }

  /** The same skopeo with another per-command timeout (default 120 s). */
  public Skopeo withTimeout(Duration timeout) {
    return new Skopeo(binary, timeout);
  }

  /** {@code skopeo copy --all oci:LAYOUT:TAG docker://REGISTRY/REPO:TAG}: a push, digests kept. */
  public void copyAll(Path layout, String layoutTag, RegistryServer target, String repositoryAndTag)
      throws IOException {
    List<String> args = new ArrayList<>(List.of("copy", "--all", "--preserve-digests"));
    args.addAll(registryFlags("--dest-", target));
    args.add("oci:" + layout + ":" + layoutTag);
    args.add("docker://" + target.reference(repositoryAndTag));
    runChecked(args);
  }

  /** {@code skopeo copy --all docker://REGISTRY/REPO:REF oci:LAYOUT:TAG}: a pull into a layout. */
  public void copyAllToLayout(
      RegistryServer source, String repositoryAndReference, Path layout, String layoutTag)
      throws IOException {
    List<String> args = new ArrayList<>(List.of("copy", "--all", "--preserve-digests"));
    args.addAll(registryFlags("--src-", source));
    args.add("docker://" + source.reference(repositoryAndReference));
    args.add("oci:" + layout + ":" + layoutTag);
    runChecked(args);
  }

  /**
   * {@code skopeo inspect --raw}: the manifest or index bytes exactly as the registry serves them.
   */
  public byte[] inspectRaw(RegistryServer registry, String repositoryAndReference)
      throws IOException {
    List<String> args = new ArrayList<>(List.of("inspect", "--raw"));
    args.addAll(registryFlags("--", registry));
    args.add("docker://" + registry.reference(repositoryAndReference));
    return runChecked(args).stdout();
  }

  /** {@code skopeo inspect --raw oci:LAYOUT:TAG}. */
  public byte[] inspectRaw(Path layout, String layoutTag) throws IOException {
    return runChecked(List.of("inspect", "--raw", "oci:" + layout + ":" + layoutTag)).stdout();
  }

  /**
   * The flags that let skopeo reach {@code registry}: TLS verification off for plain http (skopeo
   * then falls back from https), the test CA for TLS, the credentials for basic and token modes,
   * and {@code --no-creds} otherwise so that no auth file of the machine leaks in.
   *
   * @param prefix {@code --src-}, {@code --dest-} or {@code --} (for {@code inspect})
   */
  public static List<String> registryFlags(String prefix, RegistryServer registry) {
    List<String> flags = new ArrayList<>();
    if (registry.mode().tls()) {
      flags.add(prefix + "cert-dir=" + registry.caCertificateDirectory());
    } else {
      flags.add(prefix + "tls-verify=false");
    }
    if (registry.mode().auth() == RegistryMode.Auth.ANONYMOUS) {
      flags.add(prefix + "no-creds");
    } else {
      flags.add(prefix + "creds");
      flags.add(registry.username() + ":" + registry.password());
    }
    return flags;
  }

  /** What a skopeo run printed and returned. */
  public record Result(int exitCode, byte[] stdout, String stderr) {
    public String stdoutText() {
      return new String(stdout, StandardCharsets.UTF_8);
    }
  }

  /**
   * Runs {@code skopeo --insecure-policy ARGS} and returns its result whatever the exit code, for
   * tests that expect skopeo to fail. Only a timeout throws.
   */
  public Result run(List<String> args) throws IOException {
    List<String> command = new ArrayList<>();
    command.add(binary.toString());
    // The machine's signature policy is not what these tests are about.
    command.add("--insecure-policy");
    command.addAll(args);
    Path stdout = Files.createTempFile("ocipkg-skopeo-", ".out");
    Path stderr = Files.createTempFile("ocipkg-skopeo-", ".err");
    try {
      Process process =
          new ProcessBuilder(command)
              .redirectOutput(stdout.toFile())
              .redirectError(stderr.toFile())
              .start();
      ProcessReaper.register(process);
      process.getOutputStream().close(); // skopeo must never wait for input, e.g. a password
      try {
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
          process.destroyForcibly();
          process.waitFor(5, TimeUnit.SECONDS);
          String output = redact(Files.readString(stderr), args);
          throw new SkopeoException(
              "skopeo timed out after "
                  + timeout.toMillis()
                  + " ms: "
                  + render(command)
                  + "\n"
                  + output,
              -1,
              output);
        }
      } catch (InterruptedException e) {
        process.destroyForcibly();
        Thread.currentThread().interrupt();
        throw new InterruptedIOException("interrupted while running " + render(command));
      } finally {
        ProcessReaper.unregister(process);
      }
      return new Result(
          process.exitValue(), Files.readAllBytes(stdout), redact(Files.readString(stderr), args));
    } finally {
      Files.deleteIfExists(stdout);
      Files.deleteIfExists(stderr);
    }
  }

  private Result runChecked(List<String> args) throws IOException {
    Result result = run(args);
    if (result.exitCode() != 0) {
      List<String> command = new ArrayList<>(List.of(binary.toString(), "--insecure-policy"));
      command.addAll(args);
      throw new SkopeoException(
          "skopeo failed with exit code "
              + result.exitCode()
              + ": "
              + render(command)
              + "\n"
              + result.stderr(),
          result.exitCode(),
          result.stderr());
    }
    return result;
  }

  /** The command line for messages, credentials replaced by {@code user:****}. */
  static String render(List<String> command) {
    List<String> shown = new ArrayList<>();
    for (int i = 0; i < command.size(); i++) {
      String arg = command.get(i);
      shown.add(arg);
      if (CREDENTIAL_FLAGS.contains(arg) && i + 1 < command.size()) {
        String credentials = command.get(++i);
        int colon = credentials.indexOf(':');
        shown.add((colon < 0 ? credentials : credentials.substring(0, colon)) + ":" + REDACTED);
      }
    }
    return shown.stream().collect(Collectors.joining(" "));
  }

  /** Removes any password from the arguments that skopeo might echo in its output. */
  private static String redact(String output, List<String> args) {
    String redacted = output;
    for (int i = 0; i + 1 < args.size(); i++) {
      if (CREDENTIAL_FLAGS.contains(args.get(i))) {
        String credentials = args.get(i + 1);
        int colon = credentials.indexOf(':');
        String secret = colon < 0 ? credentials : credentials.substring(colon + 1);
        if (!secret.isEmpty()) {
          redacted = redacted.replace(secret, REDACTED);
        }
      }
    }
    return redacted;
  }
}
