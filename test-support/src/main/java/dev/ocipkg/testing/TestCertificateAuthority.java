package dev.ocipkg.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.net.InetAddress;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.CertIOException;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * A throw-away certificate authority for one test registry: it issues the registry's server
 * certificate (SANs {@code IP:127.0.0.1} and {@code DNS:localhost}) and gives clients an {@link
 * SSLContext} that trusts this CA and nothing else, so TLS tests exercise real verification instead
 * of a trust-all manager.
 *
 * <p>Keys are EC P-256: generated in milliseconds, and accepted by Go's crypto/tls, skopeo and the
 * JDK alike.
 */
public final class TestCertificateAuthority {
  private static final SecureRandom RANDOM = new SecureRandom();
  private static final Duration VALIDITY = Duration.ofDays(30);

  private final KeyAndCertificate ca;

  private TestCertificateAuthority(KeyAndCertificate ca) {
    this.ca = ca;
  }

  /** Creates a CA whose subject is {@code CN=<commonName>}. */
  public static TestCertificateAuthority create(String commonName) {
    KeyPair keyPair = newKeyPair();
    X500Name subject = new X500Name("CN=" + commonName);
    try {
      JcaX509ExtensionUtils extensions = new JcaX509ExtensionUtils();
      X509v3CertificateBuilder builder =
          newBuilder(subject, subject, keyPair)
              .addExtension(Extension.basicConstraints, true, new BasicConstraints(true))
              .addExtension(
                  Extension.keyUsage,
                  true,
                  new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign | KeyUsage.digitalSignature))
              .addExtension(
                  Extension.subjectKeyIdentifier,
                  false,
                  extensions.createSubjectKeyIdentifier(keyPair.getPublic()));
      return new TestCertificateAuthority(new KeyAndCertificate(keyPair, sign(builder, keyPair)));
    } catch (GeneralSecurityException | CertIOException e) {
      throw new IllegalStateException("cannot create test CA " + commonName, e);
    }
  }

  /** The CA certificate. */
  public X509Certificate certificate() {
    return ca.certificate();
  }

  /** The CA certificate in PEM form, as {@code ca.crt} files and {@code SSL_CERT_FILE} want it. */
  public String certificatePem() {
    return Pem.certificate(ca.certificate());
  }

  /** A trust manager that trusts exactly this CA. */
  public X509TrustManager trustManager() {
    try {
      KeyStore trustStore = KeyStore.getInstance("PKCS12");
      trustStore.load(null, null);
      trustStore.setCertificateEntry("ocipkg-test-ca", ca.certificate());
      TrustManagerFactory factory =
          TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      factory.init(trustStore);
      for (TrustManager manager : factory.getTrustManagers()) {
        if (manager instanceof X509TrustManager) {
          return (X509TrustManager) manager;
        }
      }
      throw new IllegalStateException("the default TrustManagerFactory made no X509TrustManager");
    } catch (GeneralSecurityException | IOException e) {
      throw new IllegalStateException("cannot build a trust manager for the test CA", e);
    }
  }

  /** A client {@link SSLContext} that trusts exactly this CA (hostname checks stay on). */
  public SSLContext sslContext() {
    try {
      SSLContext context = SSLContext.getInstance("TLS");
      context.init(null, new TrustManager[] {trustManager()}, null);
      return context;
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("cannot build an SSLContext for the test CA", e);
    }
  }

  /** Issues a server certificate for {@code 127.0.0.1} and {@code localhost}. */
  KeyAndCertificate issueLoopbackServerCertificate() {
    KeyPair keyPair = newKeyPair();
    try {
      JcaX509ExtensionUtils extensions = new JcaX509ExtensionUtils();
      GeneralNames names =
          new GeneralNames(
              new GeneralName[] {
                new GeneralName(
                    GeneralName.iPAddress, InetAddress.getLoopbackAddress().getHostAddress()),
                new GeneralName(GeneralName.dNSName, "localhost")
              });
      X509v3CertificateBuilder builder =
          newBuilder(
                  X500Name.getInstance(ca.certificate().getSubjectX500Principal().getEncoded()),
                  new X500Name("CN=127.0.0.1"),
                  keyPair)
              .addExtension(Extension.basicConstraints, true, new BasicConstraints(false))
              .addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature))
              .addExtension(
                  Extension.extendedKeyUsage,
                  false,
                  new ExtendedKeyUsage(KeyPurposeId.id_kp_serverAuth))
              .addExtension(Extension.subjectAlternativeName, false, names)
              .addExtension(
                  Extension.authorityKeyIdentifier,
                  false,
                  extensions.createAuthorityKeyIdentifier(ca.certificate()));
      return new KeyAndCertificate(keyPair, sign(builder, ca.keyPair()));
    } catch (GeneralSecurityException | CertIOException e) {
      throw new IllegalStateException("cannot issue a loopback server certificate", e);
    }
  }

  /** A server {@link SSLContext} presenting {@code server} with its chain up to this CA. */
  SSLContext serverContext(KeyAndCertificate server) {
    try {
      char[] password = new char[0];
      KeyStore keyStore = KeyStore.getInstance("PKCS12");
      keyStore.load(null, null);
      keyStore.setKeyEntry(
          "server",
          server.keyPair().getPrivate(),
          password,
          new X509Certificate[] {server.certificate(), ca.certificate()});
      KeyManagerFactory factory =
          KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
      factory.init(keyStore, password);
      SSLContext context = SSLContext.getInstance("TLS");
      context.init(factory.getKeyManagers(), null, null);
      return context;
    } catch (GeneralSecurityException | IOException e) {
      throw new IllegalStateException("cannot build a server SSLContext", e);
    }
  }

  /** Creates a self-signed certificate, e.g. for a token signing key trusted as its own root. */
  static KeyAndCertificate selfSigned(String commonName) {
    KeyPair keyPair = newKeyPair();
    X500Name subject = new X500Name("CN=" + commonName);
    try {
      X509v3CertificateBuilder builder =
          newBuilder(subject, subject, keyPair)
              .addExtension(Extension.basicConstraints, true, new BasicConstraints(true))
              .addExtension(
                  Extension.keyUsage,
                  true,
                  new KeyUsage(KeyUsage.digitalSignature | KeyUsage.keyCertSign));
      return new KeyAndCertificate(keyPair, sign(builder, keyPair));
    } catch (CertIOException e) {
      throw new UncheckedIOException("cannot create self-signed certificate " + commonName, e);
    }
  }

  static KeyPair newKeyPair() {
    try {
      KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
      generator.initialize(new ECGenParameterSpec("secp256r1"), RANDOM);
      return generator.generateKeyPair();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("the JDK cannot generate EC P-256 keys", e);
    }
  }

  private static X509v3CertificateBuilder newBuilder(
      X500Name issuer, X500Name subject, KeyPair subjectKeys) {
    // Back-dated so that a clock a little behind the test's still accepts the certificate.
    Instant now = Instant.now();
    return new JcaX509v3CertificateBuilder(
        issuer,
        new BigInteger(64, RANDOM).add(BigInteger.ONE),
        Date.from(now.minus(Duration.ofHours(1))),
        Date.from(now.plus(VALIDITY)),
        subject,
        subjectKeys.getPublic());
  }

  private static X509Certificate sign(X509v3CertificateBuilder builder, KeyPair signer) {
    try {
      return new JcaX509CertificateConverter()
          .getCertificate(
              builder.build(
                  new JcaContentSignerBuilder("SHA256withECDSA").build(signer.getPrivate())));
    } catch (GeneralSecurityException | OperatorCreationException e) {
      throw new IllegalStateException("cannot sign a test certificate", e);
    }
  }
}
