package dev.ocipkg.testing;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Supplier;
import javax.net.ssl.SSLContext;
import javax.net.ssl.X509TrustManager;
import org.jspecify.annotations.Nullable;

/**
 * A real CNCF Distribution registry ({@code docker-registry serve}) on a free loopback port, with
 * its own temporary storage, configured for one {@link RegistryMode}. Everything it generates —
 * config, htpasswd, keys, certificates, storage, captured output — lives in one temp folder that
 * {@link #close()} deletes.
 *
 * <pre>{@code
 * try (RegistryServer registry = RegistryServer.builder().basicAuth().start()) {
 *   skopeo.copyAll(layout, "1.0", registry, "acme/libfoo:1.0");
 *   registry.stop();   // offline: connections are refused
 *   registry.start();  // back, same port, same storage
 * }
 * }</pre>
 *
 * <p>In JUnit tests, {@link RegistryExtension} starts and closes one per test class.
 */
public final class RegistryServer implements AutoCloseable {
  private static final int PORT_ATTEMPTS = 5;
  private static final Duration RESTART_PORT_WAIT = Duration.ofSeconds(3);
  private static final Duration SYNC_TIMEOUT = Duration.ofSeconds(5);
  private static final SecureRandom RANDOM = new SecureRandom();

  private final RegistryMode mode;
  private final Path binary;
  private final Path workDirectory;
  private final Path storageDirectory;
  private final Path configFile;
  private final Path outputFile;
  private final String httpSecret;
  private final @Nullable String username;
  private final @Nullable String password;
  private final @Nullable TestCertificateAuthority ca;
  private final @Nullable Path caDirectory;
  private final RegistryConfigFile.@Nullable Tls tlsFiles;
  private final @Nullable Path htpasswdFile;
  private final @Nullable TokenService tokenService;
  private final RegistryConfigFile.@Nullable Token tokenConfig;
  private final @Nullable RegistryServer upstream;
  private final Duration startupTimeout;
  private final RegistryProbe probe;
  private final AccessLog accessLog;

  private int port = -1;
  private @Nullable RegistryProcess process;
  private boolean closed;

  private RegistryServer(Builder builder, Path workDirectory, @Nullable RegistryServer upstream)
      throws IOException {
    this.mode = new RegistryMode(builder.auth, builder.tls, upstream != null);
    this.binary =
        builder.executable != null ? builder.executable : Executables.find("docker-registry");
    this.workDirectory = workDirectory;
    this.storageDirectory = Files.createDirectory(workDirectory.resolve("storage"));
    this.configFile = workDirectory.resolve("config.yml");
    this.outputFile = Files.createFile(workDirectory.resolve("registry.log"));
    this.httpSecret = randomHex(16);
    this.upstream = upstream;
    this.startupTimeout = builder.startupTimeout;

    boolean authenticated = builder.auth != RegistryMode.Auth.ANONYMOUS;
    this.username = authenticated ? builder.username : null;
    this.password =
        authenticated ? (builder.password != null ? builder.password : randomHex(12)) : null;

    KeyAndCertificate serverCertificate = null;
    if (builder.tls) {
      this.ca = TestCertificateAuthority.create("ocipkg test CA " + workDirectory.getFileName());
      serverCertificate = ca.issueLoopbackServerCertificate();
      // skopeo's --cert-dir reads every *.crt as a CA and pairs *.key with *.cert, so the CA
      // gets a folder of its own, apart from the server's key.
      this.caDirectory = Files.createDirectory(workDirectory.resolve("ca"));
      Files.writeString(
          caDirectory.resolve("ca.crt"), ca.certificatePem(), StandardCharsets.US_ASCII);
      Path tlsDirectory = Files.createDirectory(workDirectory.resolve("tls"));
      Path certificate = tlsDirectory.resolve("server.crt");
      Path key = tlsDirectory.resolve("server.key");
      Files.writeString(
          certificate,
          Pem.certificate(serverCertificate.certificate()) + ca.certificatePem(),
          StandardCharsets.US_ASCII);
      Files.writeString(
          key, Pem.privateKey(serverCertificate.keyPair().getPrivate()), StandardCharsets.US_ASCII);
      this.tlsFiles = new RegistryConfigFile.Tls(certificate, key);
    } else {
      this.ca = null;
      this.caDirectory = null;
      this.tlsFiles = null;
    }

    if (builder.auth == RegistryMode.Auth.BASIC) {
      this.htpasswdFile = workDirectory.resolve("htpasswd");
      HtpasswdFile.write(htpasswdFile, requireNonNull(username), requireNonNull(password));
    } else {
      this.htpasswdFile = null;
    }

    if (builder.auth == RegistryMode.Auth.TOKEN) {
      this.tokenService =
          TokenService.start(
              requireNonNull(username),
              requireNonNull(password),
              builder.anonymousPull,
              builder.tokenLifetime,
              ca == null || serverCertificate == null ? null : ca.serverContext(serverCertificate));
      Path bundle = workDirectory.resolve("token-root-bundle.pem");
      try {
        Files.writeString(bundle, tokenService.rootCertificatePem(), StandardCharsets.US_ASCII);
      } catch (IOException e) {
        tokenService.close();
        throw e;
      }
      this.tokenConfig =
          new RegistryConfigFile.Token(
              tokenService.realm().toString(),
              tokenService.service(),
              tokenService.issuer(),
              bundle);
    } else {
      this.tokenService = null;
      this.tokenConfig = null;
    }

    this.probe = new RegistryProbe(ca);
    this.accessLog = new AccessLog(outputFile, this::syncAccessLog);
  }

  public static Builder builder() {
    return new Builder();
  }

  /**
   * Starts the registry: the first time on a free port, after {@link #stop()} on the same port and
   * the same storage.
   *
   * @throws IOException with the registry's output when it exits or does not answer in time
   */
  public synchronized RegistryServer start() throws IOException {
    if (closed) {
      throw new IllegalStateException("registry " + this + " is closed");
    }
    if (process != null) {
      throw new IllegalStateException("registry " + this + " is already running");
    }
    if (port > 0) {
      restartOnSamePort();
      return this;
    }
    IOException lastFailure = null;
    for (int attempt = 0; attempt < PORT_ATTEMPTS; attempt++) {
      int candidate = FreePorts.pick();
      try {
        process = launch(candidate);
        port = candidate;
        return this;
      } catch (RegistryProcess.PortInUseException e) {
        lastFailure = e;
      }
    }
    throw new IOException(
        "docker-registry could not bind a free loopback port in " + PORT_ATTEMPTS + " attempts",
        lastFailure);
  }

  private void restartOnSamePort() throws IOException {
    long deadline = System.nanoTime() + RESTART_PORT_WAIT.toNanos();
    while (true) {
      try {
        process = launch(port);
        return;
      } catch (RegistryProcess.PortInUseException e) {
        if (System.nanoTime() > deadline) {
          throw new IOException(
              "cannot restart the registry: port " + port + " was taken while it was stopped", e);
        }
        try {
          Thread.sleep(100);
        } catch (InterruptedException interrupted) {
          Thread.currentThread().interrupt();
          throw new InterruptedIOException("interrupted while restarting the registry");
        }
      }
    }
  }

  private RegistryProcess launch(int candidatePort) throws IOException {
    RegistryConfigFile.Proxy proxy = null;
    Map<String, String> environment = Map.of();
    if (upstream != null) {
      boolean upstreamAuth = upstream.mode().auth() != RegistryMode.Auth.ANONYMOUS;
      proxy =
          new RegistryConfigFile.Proxy(
              upstream.baseUri().toString(),
              upstreamAuth ? upstream.username() : null,
              upstreamAuth ? upstream.password() : null);
      if (upstream.mode().tls()) {
        // Go reads extra roots from SSL_CERT_FILE: the mirror then trusts the upstream's test CA.
        environment = Map.of("SSL_CERT_FILE", upstream.caCertificateFile().toString());
      }
    }
    RegistryConfigFile.write(
        configFile,
        storageDirectory,
        candidatePort,
        httpSecret,
        tlsFiles,
        htpasswdFile,
        tokenConfig,
        proxy);
    return RegistryProcess.launch(
        binary, configFile, outputFile, candidatePort, environment, probe, startupTimeout);
  }

  /**
   * Stops the registry process (SIGTERM, then SIGKILL); storage, port and access log are kept for
   * {@link #start()}. Clients then see refused connections, as with a registry that is down.
   */
  public synchronized void stop() {
    if (process != null) {
      process.stop();
      process = null;
    }
  }

  public synchronized boolean isRunning() {
    return process != null && process.isAlive();
  }

  /** Stops the registry and its token service and deletes the temp folder. Idempotent. */
  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    stop();
    if (tokenService != null) {
      tokenService.close();
    }
    TempDirectories.deleteQuietly(workDirectory);
    ProcessReaper.unregister(workDirectory);
  }

  public RegistryMode mode() {
    return mode;
  }

  /** {@code 127.0.0.1:PORT}, the registry part of a reference. */
  public String host() {
    return "127.0.0.1:" + port();
  }

  public synchronized int port() {
    if (port < 0) {
      throw new IllegalStateException("registry has not been started");
    }
    return port;
  }

  /** {@code http://127.0.0.1:PORT} or {@code https://127.0.0.1:PORT}. */
  public URI baseUri() {
    return URI.create((mode.tls() ? "https://" : "http://") + host());
  }

  /** A reference on this registry, e.g. {@code reference("acme/libfoo:1.0")}. */
  public String reference(String repositoryAndTagOrDigest) {
    return host() + "/" + repositoryAndTagOrDigest;
  }

  /** The filesystem storage root, for tests that corrupt or delete content behind its back. */
  public Path storageDirectory() {
    return storageDirectory;
  }

  /**
   * Where Distribution's filesystem driver keeps a blob's bytes ({@code
   * docker/registry/v2/blobs/sha256/<2 hex>/<hex>/data}); the file exists once the blob is pushed.
   */
  public Path blobFile(String digest) {
    String hex = Sha256.hex(digest);
    return storageDirectory.resolve(
        Path.of("docker", "registry", "v2", "blobs", "sha256", hex.substring(0, 2), hex, "data"));
  }

  /** The user name that basic and token modes accept. */
  public String username() {
    if (username == null) {
      throw new IllegalStateException("registry mode " + mode + " has no credentials");
    }
    return username;
  }

  /** The password that basic and token modes accept (random per registry unless configured). */
  public String password() {
    if (password == null) {
      throw new IllegalStateException("registry mode " + mode + " has no credentials");
    }
    return password;
  }

  public TokenService tokenService() {
    if (tokenService == null) {
      throw new IllegalStateException("registry mode " + mode + " has no token service");
    }
    return tokenService;
  }

  public TestCertificateAuthority certificateAuthority() {
    if (ca == null) {
      throw new IllegalStateException("registry mode " + mode + " does not use TLS");
    }
    return ca;
  }

  /** The test CA certificate (PEM) that issued the registry's server certificate. */
  public String caCertificatePem() {
    return certificateAuthority().certificatePem();
  }

  /** {@code ca.crt}, the test CA in PEM form. */
  public Path caCertificateFile() {
    return caCertificateDirectory().resolve("ca.crt");
  }

  /** A folder holding only {@code ca.crt}, as skopeo's {@code --cert-dir} wants. */
  public Path caCertificateDirectory() {
    certificateAuthority();
    return requireNonNull(caDirectory);
  }

  /** A client context that trusts the test CA only. */
  public SSLContext sslContext() {
    return certificateAuthority().sslContext();
  }

  public X509TrustManager trustManager() {
    return certificateAuthority().trustManager();
  }

  /** The registry this one mirrors, if it is a pull-through mirror. */
  public Optional<RegistryServer> upstream() {
    return Optional.ofNullable(upstream);
  }

  public AccessLog accessLog() {
    return accessLog;
  }

  /** Everything the registry process printed so far (all runs), for failure messages. */
  public String output() {
    try {
      return RegistryProcess.outputSince(outputFile, 0);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read registry output " + outputFile, e);
    }
  }

  public Path outputFile() {
    return outputFile;
  }

  @Override
  public String toString() {
    return "RegistryServer[" + mode + " " + (port < 0 ? "not started" : host()) + "]";
  }

  /** Waits until the access lines of all completed requests are in the output file. */
  private void syncAccessLog() {
    RegistryProcess running;
    int currentPort;
    synchronized (this) {
      running = process;
      currentPort = port;
    }
    if (running == null || !running.isAlive()) {
      return; // a stopped process has written all it will write
    }
    String marker = "sync " + UUID.randomUUID();
    try {
      if (probe.baseStatus(currentPort, marker) < 0) {
        return; // unreachable: nothing can have been logged since
      }
      long deadline = System.nanoTime() + SYNC_TIMEOUT.toNanos();
      while (System.nanoTime() < deadline) {
        if (RegistryProcess.outputSince(outputFile, 0).contains(marker)) {
          return;
        }
        Thread.sleep(5);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while syncing the access log", e);
    } catch (IOException e) {
      throw new IllegalStateException("cannot read registry output " + outputFile, e);
    }
    throw new IllegalStateException(
        "the registry's access log did not show the harness's marker request within "
            + SYNC_TIMEOUT.toMillis()
            + " ms; output is in "
            + outputFile);
  }

  private static String randomHex(int bytes) {
    byte[] random = new byte[bytes];
    RANDOM.nextBytes(random);
    return HexFormat.of().formatHex(random);
  }

  private static <T> T requireNonNull(@Nullable T value) {
    if (value == null) {
      throw new IllegalStateException("internal: value expected");
    }
    return value;
  }

  /** Configures and starts a {@link RegistryServer}. The modes compose. */
  public static final class Builder {
    private RegistryMode.Auth auth = RegistryMode.Auth.ANONYMOUS;
    private boolean tls;
    private @Nullable Supplier<RegistryServer> upstream;
    private String username = "ocipkg-tester";
    private @Nullable String password;
    private boolean anonymousPull = true;
    private Duration tokenLifetime = Duration.ofMinutes(5);
    private Duration startupTimeout = Duration.ofSeconds(20);
    private @Nullable Path executable;

    private Builder() {}

    /** htpasswd (bcrypt) Basic auth for {@link #credentials}. */
    public Builder basicAuth() {
      this.auth = RegistryMode.Auth.BASIC;
      return this;
    }

    /** Bearer tokens from a {@link TokenService} started with the registry. */
    public Builder tokenAuth() {
      this.auth = RegistryMode.Auth.TOKEN;
      return this;
    }

    /** https with a server certificate from a fresh {@link TestCertificateAuthority}. */
    public Builder tls() {
      this.tls = true;
      return this;
    }

    /**
     * A pull-through mirror ({@code proxy.remoteurl}) of {@code upstream}, which must be running
     * when this registry starts. The mirror gets the upstream's credentials ({@code
     * proxy.username/password}) and, for TLS, trusts its CA through {@code SSL_CERT_FILE}.
     * Distribution refuses pushes to a mirror, and its proxy cannot log in to a basic-auth upstream
     * (only to token auth), so that combination is refused here.
     */
    public Builder mirrorOf(RegistryServer upstream) {
      return mirrorOf(() -> upstream);
    }

    Builder mirrorOf(Supplier<RegistryServer> upstream) {
      this.upstream = upstream;
      return this;
    }

    /** The one user of basic and token modes. Default: {@code ocipkg-tester}, random password. */
    public Builder credentials(String username, String password) {
      if (username.isEmpty() || username.contains(":")) {
        throw new IllegalArgumentException(
            "user name must be non-empty without ':': \"" + username + "\"");
      }
      this.username = username;
      this.password = password;
      return this;
    }

    /** Token mode: whether requests without credentials get pull tokens (default true). */
    public Builder anonymousPull(boolean allowed) {
      this.anonymousPull = allowed;
      return this;
    }

    /** Token mode: lifetime of issued tokens, whole seconds, at least 1 s (default 5 min). */
    public Builder tokenLifetime(Duration lifetime) {
      if (lifetime.getSeconds() < 1) {
        throw new IllegalArgumentException("token lifetime must be at least 1s, got " + lifetime);
      }
      this.tokenLifetime = lifetime;
      return this;
    }

    public Builder startupTimeout(Duration timeout) {
      this.startupTimeout = timeout;
      return this;
    }

    /** The {@code docker-registry} binary; default: found on {@code PATH}. */
    public Builder executable(Path binary) {
      this.executable = binary;
      return this;
    }

    /** Creates the temp folder and configuration and starts the registry. */
    public RegistryServer start() throws IOException {
      RegistryServer upstreamServer = upstream == null ? null : upstream.get();
      if (upstreamServer != null && !upstreamServer.isRunning()) {
        throw new IllegalStateException(
            "the upstream "
                + upstreamServer
                + " of a mirror must be running when the mirror starts");
      }
      if (upstreamServer != null && upstreamServer.mode().auth() == RegistryMode.Auth.BASIC) {
        // registry/proxy/proxyauth.go keys proxy credentials by Bearer realm only, so a Basic
        // upstream would answer every mirrored pull with 401 and the mirror with 404.
        throw new IllegalArgumentException(
            "Distribution 2.8's pull-through proxy sends proxy.username/password only to a"
                + " bearer-token realm; mirror an anonymous or token-auth upstream, not "
                + upstreamServer);
      }
      Path work = Files.createTempDirectory("ocipkg-registry-");
      ProcessReaper.register(work);
      RegistryServer server = null;
      try {
        server = new RegistryServer(this, work, upstreamServer);
        return server.start();
      } catch (IOException | RuntimeException e) {
        if (server != null) {
          server.close();
        } else {
          TempDirectories.deleteQuietly(work);
          ProcessReaper.unregister(work);
        }
        throw e;
      }
    }
  }
}
