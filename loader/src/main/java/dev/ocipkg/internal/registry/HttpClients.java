package dev.ocipkg.internal.registry;

import dev.ocipkg.internal.config.LoaderConfig;
import dev.ocipkg.internal.http.HttpExchanges;
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
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;

/**
 * Makes the loader's {@link HttpExchanges} from its configuration. The JDK's own TLS material (its
 * trust store, an {@code SSLContext}) is made on the first https request, so that a pull from a
 * plain-http registry on loopback never pays for it; with configured CA certificates a context is
 * made at once, so that a bad CA file fails when the loader is built.
 */
final class HttpClients {
  private HttpClients() {}

  static HttpExchanges create(LoaderConfig config) throws IOException {
    Path ca = config.caCertificates();
    SSLContext tls = null;
    if (ca != null) {
      X509TrustManager trust = trustManager(ca);
      try {
        tls = SSLContext.getInstance("TLS");
        tls.init(null, new TrustManager[] {trust}, null);
      } catch (GeneralSecurityException e) {
        throw new IOException("cannot set up TLS with the CA certificates in " + ca, e);
      }
    }
    return new HttpExchanges(config.connectTimeout(), config.readTimeout(), tls);
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
