package dev.ocipkg.internal.registry;

import dev.ocipkg.internal.config.LoaderConfig;
import dev.ocipkg.internal.io.DaemonThreads;
import dev.ocipkg.internal.io.MadeOnFirstUse;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.FutureTask;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;
import okhttp3.Call;
import okhttp3.ConnectionSpec;
import okhttp3.OkHttpClient;
import okhttp3.Request;

/**
 * The OkHttp client of a loader, built from its configuration, in two forms that share one
 * connection pool: one for plain http, and one for https whose TLS material (the JDK's trust store,
 * an {@code SSLContext}) is made on the first https request. OkHttp builds that material when a
 * client is built, which costs a fresh JVM hundreds of classes and tenths of a second, and a pull
 * from a plain-http registry on loopback never needs it. With configured CA certificates the TLS
 * client is built at once, so that a bad CA file fails when the loader is built.
 */
final class HttpClients {
  private static final DaemonThreads BUILDERS = new DaemonThreads("ocipkg-http-setup");

  private final Future<OkHttpClient> plain;
  private final MadeOnFirstUse<OkHttpClient> tls;

  /** Plain http from {@code plain}; https on the first https request, sharing its pool. */
  private HttpClients(Future<OkHttpClient> plain) {
    this.plain = plain;
    this.tls =
        new MadeOnFirstUse<>(
            () ->
                plain()
                    .newBuilder()
                    .connectionSpecs(List.of(ConnectionSpec.MODERN_TLS, ConnectionSpec.CLEARTEXT))
                    .build());
  }

  private HttpClients(OkHttpClient client) {
    this.plain = CompletableFuture.completedFuture(client);
    this.tls = new MadeOnFirstUse<>(() -> client);
  }

  static HttpClients create(LoaderConfig config) throws IOException {
    Path ca = config.caCertificates();
    if (ca == null) {
      // The client's builder and its build load OkHttp and Kotlin (about 300 classes): both on a
      // thread of their own, while the caller goes on with its credentials, the scheme probe and
      // the cache.
      FutureTask<OkHttpClient> build =
          new FutureTask<>(
              () -> builder(config).connectionSpecs(List.of(ConnectionSpec.CLEARTEXT)).build());
      BUILDERS.newThread(build).start();
      return new HttpClients(build);
    }
    OkHttpClient.Builder b = builder(config);
    X509TrustManager trust = trustManager(ca);
    try {
      SSLContext context = SSLContext.getInstance("TLS");
      context.init(null, new TrustManager[] {trust}, null);
      b.sslSocketFactory(context.getSocketFactory(), trust);
    } catch (GeneralSecurityException e) {
      throw new IOException("cannot set up TLS with the CA certificates in " + ca, e);
    }
    return new HttpClients(b.build());
  }

  private static OkHttpClient.Builder builder(LoaderConfig config) {
    return new OkHttpClient.Builder()
        .connectTimeout(config.connectTimeout())
        .readTimeout(config.readTimeout())
        .writeTimeout(config.readTimeout())
        .followRedirects(false) // RegistryCaller follows them, applying the security rules
        .followSslRedirects(false)
        .retryOnConnectionFailure(true);
  }

  /** One client for both schemes, as given (tests). */
  static HttpClients of(OkHttpClient client) {
    return new HttpClients(client);
  }

  /** A call of {@code request} on the client for its scheme. */
  Call newCall(Request request) {
    return (request.url().isHttps() ? tls.get() : plain()).newCall(request);
  }

  private OkHttpClient plain() {
    boolean interrupted = false;
    try {
      while (true) {
        try {
          return plain.get();
        } catch (InterruptedException e) {
          interrupted = true; // the build takes milliseconds: wait for it, keep the interrupt
        }
      }
    } catch (ExecutionException e) {
      throw new IllegalStateException("cannot build the HTTP client", e.getCause());
    } finally {
      if (interrupted) {
        Thread.currentThread().interrupt();
      }
    }
  }

  /** Trusts the JDK's default CAs plus every certificate in the PEM bundle {@code caFile}. */
  private static X509TrustManager trustManager(Path caFile) throws IOException {
    try {
      KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
      store.load(null, null);
      int n = 0;
      for (X509Certificate c : defaultTrustManager().getAcceptedIssuers()) {
        store.setCertificateEntry("default-" + n++, c);
      }
      Collection<? extends Certificate> extra;
      try (InputStream in = Files.newInputStream(caFile)) {
        extra = CertificateFactory.getInstance("X.509").generateCertificates(in);
      }
      if (extra.isEmpty()) {
        throw new IOException("no certificates in the CA file " + caFile + " (expected PEM)");
      }
      for (Certificate c : extra) {
        store.setCertificateEntry("extra-" + n++, c);
      }
      TrustManagerFactory tmf =
          TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      tmf.init(store);
      return (X509TrustManager) tmf.getTrustManagers()[0];
    } catch (GeneralSecurityException e) {
      throw new IOException(
          "cannot read the CA certificates in " + caFile + ": " + e.getMessage(), e);
    }
  }

  private static X509TrustManager defaultTrustManager() throws GeneralSecurityException {
    TrustManagerFactory tmf =
        TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    tmf.init((KeyStore) null);
    for (TrustManager tm : tmf.getTrustManagers()) {
      if (tm instanceof X509TrustManager) {
        return (X509TrustManager) tm;
      }
    }
    throw new GeneralSecurityException("the JDK has no default X.509 trust manager");
  }
}
