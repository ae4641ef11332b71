package dev.ocipkg.internal.registry.credentials;

import dev.ocipkg.internal.io.CoalescedLoads;
import dev.ocipkg.internal.io.LazyLogger;
import dev.ocipkg.internal.io.MadeOnFirstUse;
import dev.ocipkg.internal.io.TimeSource;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * The standard chain of credential sources, as Docker, podman and skopeo users expect it. For a
 * host, the first source that has a credential wins:
 *
 * <ol>
 *   <li>Explicit credentials: those given in code, then the system property {@code
 *       ocipkg.credentials}, or if that is unset the environment variable {@code
 *       OCIPKG_CREDENTIALS}, in the form {@code host=user:password[,host2=user2:password2]} (the
 *       password runs from the first {@code :} after {@code =} to the next {@code ,}; a user name
 *       of {@code <token>} makes the password an identity token).
 *   <li>The containers auth file: {@code REGISTRY_AUTH_FILE} if set; else podman's {@code
 *       $XDG_RUNTIME_DIR/containers/auth.json}, then {@code $XDG_CONFIG_HOME/containers/auth.json}
 *       (default {@code ~/.config/containers/auth.json}), those that exist.
 *   <li>Docker's {@code $DOCKER_CONFIG/config.json} if {@code DOCKER_CONFIG} is set, else {@code
 *       ~/.docker/config.json}.
 *   <li>Nothing: the pull goes on anonymously.
 * </ol>
 *
 * <p>Within a file: {@code credHelpers} for the host, else its {@code auths} entry, else the
 * default helper {@code credsStore} (see {@link AuthFile}). Helpers run without a shell and with a
 * timeout: {@code ocipkg.credentials.helper.timeout} / {@code OCIPKG_CREDENTIALS_HELPER_TIMEOUT}
 * (ISO-8601, default 10 s).
 *
 * <p>Environment and properties are read when this is built; files on the first {@link #find}.
 * Answers are kept per host for {@link #ANSWER_TTL}, so that a long-running JVM sees a later {@code
 * docker login} and a helper's fresh short-lived token (ECR, GCR); a host whose registry refused
 * the answer is {@linkplain #forget forgotten} at once. A file is parsed again only when its
 * modification time or size changed. A malformed file or a failing helper is reported once as a
 * warning and skipped, so that an anonymous pull still works. Thread-safe.
 */
public final class DockerCredentials implements CredentialResolver {

  /** How long an answer (a credential, or none) is used before the sources are asked again. */
  public static final Duration ANSWER_TTL = Duration.ofMinutes(5);

  /** How often a helper is asked again while it still gives a credential that was refused. */
  public static final Duration REFUSED_RECHECK = Duration.ofSeconds(30);

  private static final System.Logger LOG = LazyLogger.of(DockerCredentials.class);

  private final Environment env;

  /** Normalised host → credential. */
  private final Map<String, Credential> explicit;

  private final List<Path> files;

  /** The first of {@link #files} if it was named by {@code REGISTRY_AUTH_FILE}: warn if missing. */
  private final @Nullable Path namedAuthFile;

  private final CredentialHelper helpers;
  private final Map<Path, ParsedFile> parsed = new ConcurrentHashMap<>();

  /**
   * Per host, what the sources said: one lookup (and one helper run) at a time, outside locks. Made
   * on the first {@link #find}: a loader whose registries never ask for credentials (anonymous, on
   * loopback) makes no cache.
   */
  private final MadeOnFirstUse<CoalescedLoads<String, Answer>> answers;

  /** Per host, the credential its registry refused last, until the sources give another. */
  private final Map<String, Credential> refused = new ConcurrentHashMap<>();

  /** What the sources said for a host, and how long to use it. */
  private record Answer(Optional<Credential> credential, Duration lifetime) {}

  /** Hosts whose answers are kept at once: far more than any build or application talks to. */
  private static final int MAX_HOSTS = 1024;

  /** A file as parsed, with the modification time and size that tell whether it changed since. */
  private record ParsedFile(@Nullable FileTime modified, long size, Optional<AuthFile> auth) {}

  private final Set<String> reported = ConcurrentHashMap.newKeySet();

  private DockerCredentials(Environment env) {
    this.env = env;
    this.answers =
        new MadeOnFirstUse<>(() -> CoalescedLoads.keptFor(Answer::lifetime, MAX_HOSTS, env.time()));
    this.explicit = explicit(env);
    this.helpers = new CredentialHelper(env, env.helperTimeout());
    List<Path> paths = new ArrayList<>();
    Path named = null;
    String authFile = env.variable("REGISTRY_AUTH_FILE");
    if (authFile != null) {
      named = path("REGISTRY_AUTH_FILE", authFile);
      paths.add(named);
    } else {
      String runtime = env.variable("XDG_RUNTIME_DIR");
      if (runtime != null) {
        paths.add(path("XDG_RUNTIME_DIR", runtime).resolve("containers").resolve("auth.json"));
      }
      String config = env.variable("XDG_CONFIG_HOME");
      Path home = env.home();
      Path configDir =
          config != null
              ? path("XDG_CONFIG_HOME", config)
              : home != null ? home.resolve(".config") : null;
      if (configDir != null) {
        paths.add(configDir.resolve("containers").resolve("auth.json"));
      }
    }
    Path docker = env.dockerConfigJson();
    if (docker != null) {
      paths.add(docker);
    }
    this.files = List.copyOf(paths);
    this.namedAuthFile = named;
  }

  /**
   * The chain of a loader's configuration: {@code explicit} credentials (host → credential, given
   * in code or in {@code ocipkg.credentials}; they come before every other source), then the files
   * that {@code variables} and {@code home} locate ({@code REGISTRY_AUTH_FILE}, podman's, Docker's
   * with its helpers on {@code PATH}); none of those where {@code home} is null and {@code
   * variables} knows nothing, as for a configuration built to ignore the environment.
   */
  public static DockerCredentials of(
      Map<String, Credential> explicit,
      Function<String, @Nullable String> variables,
      @Nullable Path home,
      Duration helperTimeout,
      TimeSource time) {
    Environment.Builder b =
        new Environment.Builder(home)
            .variables(variables)
            .windows(
                System.getProperty("os.name", "").toLowerCase(Locale.ROOT).startsWith("windows"))
            .helperTimeout(helperTimeout)
            .time(time);
    for (Map.Entry<String, Credential> e : explicit.entrySet()) {
      b.explicit(e.getKey(), e.getValue());
    }
    return of(b.build());
  }

  /** The chain over {@code env}: the test seam. */
  static DockerCredentials of(Environment env) {
    return new DockerCredentials(env);
  }

  @Override
  public Optional<Credential> find(String registryHost) {
    String host = registryHost.strip().toLowerCase(Locale.ROOT);
    if (host.isEmpty()) {
      throw new IllegalArgumentException("registry host is empty");
    }
    return answers.get().get(host, this::fresh).credential();
  }

  private Answer fresh(String host) {
    Optional<Credential> found = lookup(host);
    Credential bad = refused.get(host);
    if (bad != null && found.isPresent() && found.get().equals(bad)) {
      // Still what the registry refused: look again at the next find if that costs a file's
      // modification time, but not more often than every REFUSED_RECHECK if it runs a helper
      // (seconds, maybe; and some registries answer 401 where they mean 403).
      boolean helper = bad.source().startsWith(CredentialHelper.SOURCE_PREFIX);
      return new Answer(found, helper ? REFUSED_RECHECK : Duration.ZERO);
    }
    refused.remove(host);
    return new Answer(found, ANSWER_TTL);
  }

  /**
   * The registry refused {@code credential}, which {@link #find} gave for {@code registryHost}: it
   * is dropped (unless another answer has replaced it meanwhile), and the sources are asked again
   * at each {@code find} until they give another (a helper at most every {@link #REFUSED_RECHECK}).
   */
  @Override
  public void forget(String registryHost, Credential credential) {
    String host = registryHost.strip().toLowerCase(Locale.ROOT);
    // Atomic per host: a find on another thread sees the answer or the refusal, never neither.
    CoalescedLoads<String, Answer> a = answers.ifMade();
    if (a == null) {
      return; // nothing was found yet, so nothing can have been refused
    }
    a.dropIf(
        host,
        answer -> {
          if (!answer.credential().equals(Optional.of(credential))) {
            return false; // a newer answer came meanwhile: it was not refused
          }
          refused.put(host, credential);
          return true;
        });
  }

  private Optional<Credential> lookup(String host) {
    Credential given = explicit.get(RegistryHosts.normalise(host));
    if (given != null) {
      return found(host, given);
    }
    for (Path file : files) {
      AuthFile auth = parsedNow(file).orElse(null);
      if (auth != null) {
        Optional<Credential> credential = auth.find(host, helpers, this::warn);
        if (credential.isPresent()) {
          return found(host, credential.get());
        }
      }
    }
    LOG.log(System.Logger.Level.DEBUG, "no credentials for {0}: going on anonymously", host);
    return Optional.empty();
  }

  /** {@code file} parsed, again if it changed since it was last parsed. */
  private Optional<AuthFile> parsedNow(Path file) {
    FileTime modified = null;
    long size = -1;
    try {
      BasicFileAttributes attributes = Files.readAttributes(file, BasicFileAttributes.class);
      modified = attributes.lastModifiedTime();
      size = attributes.size();
    } catch (IOException e) {
      // missing or unreadable: read() says so, once
    }
    ParsedFile known = parsed.get(file);
    if (known != null && Objects.equals(known.modified(), modified) && known.size() == size) {
      return known.auth();
    }
    Optional<AuthFile> auth = read(file);
    parsed.put(file, new ParsedFile(modified, size, auth));
    return auth;
  }

  private Optional<AuthFile> read(Path file) {
    if (file.equals(namedAuthFile) && !Files.exists(file)) {
      warn("REGISTRY_AUTH_FILE names " + file + ", which does not exist");
      return Optional.empty();
    }
    return Optional.ofNullable(AuthFile.read(file, this::warn));
  }

  private static Optional<Credential> found(String host, Credential credential) {
    LOG.log(
        System.Logger.Level.DEBUG,
        "credentials for {0}: user {1} from {2}",
        host,
        credential.username(),
        credential.source());
    return Optional.of(credential);
  }

  /** Each distinct warning once per chain, however many hosts or threads run into it. */
  private void warn(String message) {
    if (reported.add(message)) {
      env.warn(message);
    }
  }

  /** The configuration's credentials, keys normalised. */
  private static Map<String, Credential> explicit(Environment env) {
    Map<String, Credential> result = new LinkedHashMap<>();
    for (Map.Entry<String, Credential> e : env.explicit().entrySet()) {
      result.put(RegistryHosts.normalise(e.getKey()), e.getValue());
    }
    return Map.copyOf(result);
  }

  /**
   * {@code host=user:password[,host=user:password]}. A mistake is reported by entry number and
   * never quotes the text, which holds passwords.
   */
  public static Map<String, Credential> parseExplicit(String key, String text) {
    Map<String, Credential> result = new LinkedHashMap<>();
    String[] entries = text.split(",");
    for (int i = 0; i < entries.length; i++) {
      // Not stripped: a password may begin or end with a space.
      String entry = entries[i];
      if (entry.isBlank()) {
        continue;
      }
      int eq = entry.indexOf('=');
      int colon = entry.indexOf(':', eq + 1);
      if (eq < 0
          || entry.substring(0, eq).isBlank()
          || colon < 0
          || colon == eq + 1
          || colon == entry.length() - 1) {
        throw new IllegalArgumentException(
            "invalid value for "
                + key
                + ": entry "
                + (i + 1)
                + " is not host=user:password (value not shown: it holds passwords)");
      }
      String host = entry.substring(0, eq).strip();
      String user = entry.substring(eq + 1, colon).strip();
      String secret = entry.substring(colon + 1);
      String source = "explicit configuration (" + key + ")";
      result.put(
          RegistryHosts.normalise(host),
          Credential.TOKEN_USERNAME.equals(user)
              ? Credential.identityToken(secret, source)
              : Credential.password(user, secret, source));
    }
    return result;
  }

  private static Path path(String variable, String value) {
    try {
      return Path.of(value);
    } catch (InvalidPathException e) {
      throw new IllegalArgumentException(
          "invalid value \"" + value + "\" for " + variable + ": " + e.getReason(), e);
    }
  }

  @Override
  public String toString() {
    return "DockerCredentials[explicit hosts=" + explicit.keySet() + ", files=" + files + "]";
  }
}
