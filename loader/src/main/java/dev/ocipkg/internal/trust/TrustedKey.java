package dev.ocipkg.internal.trust;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.MessageDigest;
import java.security.PublicKey;
import java.security.Signature;
import java.security.interfaces.ECPublicKey;
import java.security.spec.ECParameterSpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Locale;

/**
 * A public key that a policy trusts, read from a PEM {@code PUBLIC KEY} (SubjectPublicKeyInfo) such
 * as cosign's {@code cosign.pub}: ECDSA P-256 (what {@code cosign generate-key-pair} makes), RSA,
 * or Ed25519.
 *
 * <p>Signatures are checked as sigstore's default verifiers check them: ECDSA P-256 with SHA-256
 * and an ASN.1 DER signature; RSA PKCS#1 v1.5 with SHA-256; Ed25519 over the message itself.
 */
public final class TrustedKey {
  /** The key algorithms a policy may name. */
  public enum Algorithm {
    ECDSA_P256("SHA256withECDSA"),
    RSA("SHA256withRSA"),
    ED25519("Ed25519");

    private final String jcaSignature;

    Algorithm(String jcaSignature) {
      this.jcaSignature = jcaSignature;
    }
  }

  private static final String PEM_BEGIN = "-----BEGIN PUBLIC KEY-----";
  private static final String PEM_END = "-----END PUBLIC KEY-----";
  private static final int MAX_PEM_CHARS = 64 * 1024;

  private final PublicKey key;
  private final byte[] der;
  private final Algorithm algorithm;
  private final String source;

  private TrustedKey(PublicKey key, byte[] der, Algorithm algorithm, String source) {
    this.key = key;
    this.der = der;
    this.algorithm = algorithm;
    this.source = source;
  }

  /**
   * Reads the first {@code PUBLIC KEY} block of {@code pem}.
   *
   * @param source where the PEM came from, for messages: a file, or {@code keyData} of a scope
   * @throws TrustFormatException naming {@code source} and what is wrong; never quoting key bytes
   */
  public static TrustedKey fromPem(byte[] pem, String source) throws TrustFormatException {
    if (pem.length > MAX_PEM_CHARS) {
      throw new TrustFormatException(
          source + ": " + pem.length + " bytes is too large for a PEM public key");
    }
    String text = new String(pem, StandardCharsets.US_ASCII);
    int begin = text.indexOf(PEM_BEGIN);
    if (begin < 0) {
      String hint =
          text.contains("PRIVATE KEY")
              ? "; it holds a private key: give the public key (cosign.pub), never the private one"
              : text.contains("CERTIFICATE")
                  ? "; it holds a certificate: keyless (certificate) trust is not supported, give the"
                      + " signer's public key"
                  : "";
      throw new TrustFormatException(
          source + ": no \"" + PEM_BEGIN + "\" block, expected a PEM public key" + hint);
    }
    int end = text.indexOf(PEM_END, begin);
    if (end < 0) {
      throw new TrustFormatException(source + ": the PEM block has no \"" + PEM_END + "\" line");
    }
    String body = text.substring(begin + PEM_BEGIN.length(), end).replaceAll("\\s", "");
    byte[] der;
    try {
      der = Base64.getDecoder().decode(body);
    } catch (IllegalArgumentException e) {
      throw new TrustFormatException(source + ": the PEM public key is not valid base64");
    }
    return fromDer(der, source);
  }

  /** Reads a DER SubjectPublicKeyInfo. */
  public static TrustedKey fromDer(byte[] der, String source) throws TrustFormatException {
    for (String family : new String[] {"EC", "RSA", "Ed25519"}) {
      PublicKey key;
      try {
        key = KeyFactory.getInstance(family).generatePublic(new X509EncodedKeySpec(der));
      } catch (GeneralSecurityException | IllegalArgumentException e) {
        continue;
      }
      return new TrustedKey(key, der.clone(), algorithmOf(key, source), source);
    }
    throw new TrustFormatException(
        source
            + ": the PEM public key is neither an EC, an RSA nor an Ed25519 SubjectPublicKeyInfo");
  }

  private static Algorithm algorithmOf(PublicKey key, String source) throws TrustFormatException {
    if (key instanceof ECPublicKey ec) {
      if (!isP256(ec.getParams())) {
        throw new TrustFormatException(
            source + ": the EC key is not on curve P-256 (secp256r1), the one cosign uses");
      }
      return Algorithm.ECDSA_P256;
    }
    if (key.getAlgorithm().toUpperCase(Locale.ROOT).equals("RSA")) {
      return Algorithm.RSA;
    }
    return Algorithm.ED25519;
  }

  private static boolean isP256(ECParameterSpec params) {
    // The order of P-256's base point, which no other named curve shares.
    return params
        .getOrder()
        .toString(16)
        .equals("ffffffff00000000ffffffffffffffffbce6faada7179e84f3b9cac2fc632551");
  }

  /** Whether {@code signature} is this key's signature of {@code message}. */
  public boolean verifies(byte[] message, byte[] signature) {
    try {
      Signature verifier = Signature.getInstance(algorithm.jcaSignature);
      verifier.initVerify(key);
      verifier.update(message);
      return verifier.verify(signature);
    } catch (GeneralSecurityException | IllegalArgumentException e) {
      // A malformed signature (bad DER, wrong length) is simply not a valid one.
      return false;
    }
  }

  public Algorithm algorithm() {
    return algorithm;
  }

  /** Where the key was read from, for messages. */
  public String source() {
    return source;
  }

  /** The DER SubjectPublicKeyInfo. */
  public byte[] der() {
    return der.clone();
  }

  /**
   * A short id for messages and records: the first 16 hex digits of the sha256 of the DER
   * SubjectPublicKeyInfo.
   */
  public String keyId() {
    return HexFormat.of().formatHex(sha256(der)).substring(0, 16);
  }

  /**
   * The public-key hint of a sigstore bundle as cosign writes it: the standard base64 of the sha256
   * of the DER SubjectPublicKeyInfo (cosign {@code internal/key/svkeypair.go}).
   */
  public String bundleHint() {
    return Base64.getEncoder().encodeToString(sha256(der));
  }

  static byte[] sha256(byte[] bytes) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(bytes);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("the JDK lacks SHA-256", e);
    }
  }

  @Override
  public String toString() {
    return algorithm + " key " + keyId() + " from " + source;
  }
}
