package dev.ocipkg.testing;

import java.net.URI;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Runs one {@link RegistryServer} for a test class.
 *
 * <pre>{@code
 * @RegisterExtension static RegistryExtension upstream = RegistryExtension.anonymous();
 * @RegisterExtension static RegistryExtension mirror = RegistryExtension.mirrorOf(upstream);
 * @RegisterExtension static RegistryExtension secure =
 *     RegistryExtension.of(RegistryServer.builder().basicAuth().tls());
 * }</pre>
 *
 * <p>Register it on a {@code static} field: the registry starts before the first test of the class
 * and is closed after the last, including after failures. JUnit does not promise to run extensions
 * in field order, so a mirror starts its upstream itself when it comes first. Nested test classes
 * share the outer class's registry. Tests that need to stop and restart a registry, or a fresh one,
 * use {@link RegistryServer} directly with try-with-resources.
 */
public final class RegistryExtension implements BeforeAllCallback, AfterAllCallback {
  private final RegistryServer.Builder builder;
  private final @Nullable RegistryExtension upstream;
  private @Nullable RegistryServer server;
  private @Nullable String ownerId;

  private RegistryExtension(RegistryServer.Builder builder) {
    this(builder, null);
  }

  private RegistryExtension(RegistryServer.Builder builder, @Nullable RegistryExtension upstream) {
    this.builder = builder;
    this.upstream = upstream;
  }

  public static RegistryExtension anonymous() {
    return new RegistryExtension(RegistryServer.builder());
  }

  public static RegistryExtension basicAuth() {
    return new RegistryExtension(RegistryServer.builder().basicAuth());
  }

  public static RegistryExtension tokenAuth() {
    return new RegistryExtension(RegistryServer.builder().tokenAuth());
  }

  public static RegistryExtension tls() {
    return new RegistryExtension(RegistryServer.builder().tls());
  }

  /** A pull-through mirror of {@code upstream}, another registered extension. */
  public static RegistryExtension mirrorOf(RegistryExtension upstream) {
    return new RegistryExtension(RegistryServer.builder().mirrorOf(upstream::server), upstream);
  }

  /** Any combination of modes, e.g. {@code of(RegistryServer.builder().tokenAuth().tls())}. */
  public static RegistryExtension of(RegistryServer.Builder builder) {
    return new RegistryExtension(builder);
  }

  @Override
  public synchronized void beforeAll(ExtensionContext context) throws Exception {
    if (server == null) {
      if (upstream != null) {
        upstream.beforeAll(context); // no-op when JUnit already started it
      }
      server = builder.start();
      ownerId = context.getUniqueId();
    }
  }

  @Override
  public synchronized void afterAll(ExtensionContext context) {
    // Nested classes run beforeAll/afterAll too; only the class that started it closes it.
    if (server != null && context.getUniqueId().equals(ownerId)) {
      server.close();
      server = null;
      ownerId = null;
    }
  }

  /** The running registry. */
  public synchronized RegistryServer server() {
    if (server == null) {
      throw new IllegalStateException(
          "the registry is not running: register RegistryExtension on a static @RegisterExtension"
              + " field");
    }
    return server;
  }

  public String host() {
    return server().host();
  }

  public URI baseUri() {
    return server().baseUri();
  }

  public String reference(String repositoryAndTagOrDigest) {
    return server().reference(repositoryAndTagOrDigest);
  }

  public RegistryMode mode() {
    return server().mode();
  }

  public AccessLog accessLog() {
    return server().accessLog();
  }

  public String username() {
    return server().username();
  }

  public String password() {
    return server().password();
  }

  public TokenService tokenService() {
    return server().tokenService();
  }
}
