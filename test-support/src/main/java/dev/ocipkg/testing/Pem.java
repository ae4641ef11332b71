package dev.ocipkg.testing;

import java.nio.charset.StandardCharsets;
import java.security.PrivateKey;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.util.Base64;

/** PEM text for certificates and PKCS#8 keys, the forms Go's crypto/tls and skopeo read. */
final class Pem {
  private Pem() {}

  static String certificate(X509Certificate certificate) {
    try {
      return encode("CERTIFICATE", certificate.getEncoded());
    } catch (CertificateEncodingException e) {
      throw new IllegalStateException("cannot encode certificate " + certificate, e);
    }
  }

  static String privateKey(PrivateKey key) {
    return encode("PRIVATE KEY", key.getEncoded());
  }

  private static String encode(String type, byte[] der) {
    Base64.Encoder encoder = Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII));
    return "-----BEGIN "
        + type
        + "-----\n"
        + encoder.encodeToString(der)
        + "\n-----END "
        + type
        + "-----\n";
  }
}
