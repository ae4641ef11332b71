package dev.ocipkg.tools.sign;

import dev.ocipkg.internal.trust.TrustFormatException;
import dev.ocipkg.internal.trust.TrustedKey;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.interfaces.ECPrivateKey;
import java.security.interfaces.EdECPrivateKey;
import java.security.interfaces.RSAPrivateCrtKey;
import java.security.spec.ECPoint;
import java.security.spec.ECPublicKeySpec;
import java.security.spec.NamedParameterSpec;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.RSAPublicKeySpec;
import java.util.Arrays;
import java.util.Base64;
import org.jspecify.annotations.Nullable;

/**
 * An author's private key, read from a PKCS#8 PEM ({@code -----BEGIN PRIVATE KEY-----}, what {@code
 * openssl genpkey} writes): ECDSA P-256, RSA or Ed25519; with its public key, which a signature's
 * verifier needs (and a bundle names by hint).
 *
 * <p>cosign's own key file ({@code ENCRYPTED SIGSTORE PRIVATE KEY}, scrypt and NaCl secretbox) is
 * read with its password by {@link CosignKeyFile}, without a new dependency.
 */
public final class SigningKey {
  private static final String BEGIN = "-----BEGIN PRIVATE KEY-----";
  private static final String END = "-----END PRIVATE KEY-----";
  private static final int MAX_PEM_BYTES = 64 * 1024;

  private final PrivateKey privateKey;
  private final TrustedKey publicKey;
  private final String jcaSignature;

  private SigningKey(PrivateKey privateKey, TrustedKey publicKey, String jcaSignature) {
    this.privateKey = privateKey;
    this.publicKey = publicKey;
    this.jcaSignature = jcaSignature;
  }

  /**
   * Reads an unencrypted PKCS#8 PEM private key.
   *
   * @param source where it came from, for messages; key bytes are never quoted
   * @throws TrustFormatException naming {@code source} and what is wrong
   */
  public static SigningKey fromPem(byte[] pem, String source) throws TrustFormatException {
    return fromPem(pem, null, source);
  }

  /**
   * Reads a PKCS#8 PEM private key, or cosign's encrypted key file ({@code cosign.key}) with its
   * {@code password} (UTF-8, as {@code COSIGN_PASSWORD} gives it; may be empty).
   *
   * @param password null for an unencrypted key
   * @throws TrustFormatException naming {@code source} and what is wrong, a wrong password included
   */
  public static SigningKey fromPem(byte[] pem, byte @Nullable [] password, String source)
      throws TrustFormatException {
    if (pem.length > MAX_PEM_BYTES) {
      throw new TrustFormatException(source + ": too large for a PEM private key");
    }
    String text = new String(pem, StandardCharsets.US_ASCII);
    if (CosignKeyFile.isCosignKey(text)) {
      if (password == null) {
        throw new TrustFormatException(
            source + ": a cosign key file is encrypted; give its password (COSIGN_PASSWORD)");
      }
      byte[] pkcs8 = CosignKeyFile.decrypt(text, password, source);
      try {
        return fromPkcs8(pkcs8, source);
      } finally {
        Arrays.fill(pkcs8, (byte) 0);
      }
    }
    if (text.contains("-----BEGIN ENCRYPTED PRIVATE KEY-----")) {
      throw new TrustFormatException(
          source
              + ": the PKCS#8 key is encrypted; decrypt it with \"openssl pkcs8 -in KEY -out"
              + " PLAIN.key\" first");
    }
    if (text.contains("-----BEGIN EC PRIVATE KEY-----")
        || text.contains("-----BEGIN RSA PRIVATE KEY-----")) {
      throw new TrustFormatException(
          source
              + ": the key is in the legacy (SEC1/PKCS#1) form; convert it with \"openssl pkcs8"
              + " -topk8 -nocrypt -in KEY -out PKCS8.key\"");
    }
    int begin = text.indexOf(BEGIN);
    int end = begin < 0 ? -1 : text.indexOf(END, begin);
    if (begin < 0 || end < 0) {
      throw new TrustFormatException(
          source + ": no \"" + BEGIN + "\" ... \"" + END + "\" block, expected a PKCS#8 PEM key");
    }
    byte[] der;
    try {
      der =
          Base64.getDecoder()
              .decode(text.substring(begin + BEGIN.length(), end).replaceAll("\\s", ""));
    } catch (IllegalArgumentException e) {
      throw new TrustFormatException(source + ": the PEM private key is not valid base64");
    }
    try {
      return fromPkcs8(der, source);
    } finally {
      Arrays.fill(der, (byte) 0);
    }
  }

  private static SigningKey fromPkcs8(byte[] der, String source) throws TrustFormatException {
    for (String family : new String[] {"EC", "RSA", "Ed25519"}) {
      PrivateKey key;
      try {
        key = KeyFactory.getInstance(family).generatePrivate(new PKCS8EncodedKeySpec(der));
      } catch (GeneralSecurityException | IllegalArgumentException e) {
        continue;
      }
      try {
        return of(key, source);
      } catch (GeneralSecurityException e) {
        throw new TrustFormatException(
            source + ": cannot derive the public key (" + e.getMessage() + ")", e);
      }
    }
    throw new TrustFormatException(
        source + ": the PEM private key is neither an EC, an RSA nor an Ed25519 PKCS#8 key");
  }

  /** Wraps a JCA private key (tests, key stores). */
  public static SigningKey of(PrivateKey key, String source)
      throws GeneralSecurityException, TrustFormatException {
    if (key instanceof ECPrivateKey ec) {
      if (!P256.isCurveOf(ec)) {
        throw new TrustFormatException(
            source + ": the EC key is not on curve P-256 (secp256r1), the one cosign uses");
      }
      ECPoint q = P256.multiplyBase(ec.getS());
      byte[] spki =
          KeyFactory.getInstance("EC")
              .generatePublic(new ECPublicKeySpec(q, ec.getParams()))
              .getEncoded();
      TrustedKey pub = TrustedKey.fromDer(spki, source);
      return new SigningKey(key, pub, "SHA256withECDSA");
    }
    if (key instanceof RSAPrivateCrtKey rsa) {
      byte[] spki =
          KeyFactory.getInstance("RSA")
              .generatePublic(new RSAPublicKeySpec(rsa.getModulus(), rsa.getPublicExponent()))
              .getEncoded();
      return new SigningKey(key, TrustedKey.fromDer(spki, source), "SHA256withRSA");
    }
    if (key instanceof EdECPrivateKey ed) {
      byte[] seed =
          ed.getBytes().orElseThrow(() -> new GeneralSecurityException("no Ed25519 seed"));
      // The JDK derives an Ed25519 public key only while generating a pair: feed it the seed as
      // its "random" bytes (RFC 8032: the private key is exactly those 32 bytes).
      KeyPairGenerator generator = KeyPairGenerator.getInstance("Ed25519");
      generator.initialize(NamedParameterSpec.ED25519, new FixedBytes(seed));
      byte[] spki = generator.generateKeyPair().getPublic().getEncoded();
      Arrays.fill(seed, (byte) 0);
      return new SigningKey(key, TrustedKey.fromDer(spki, source), "Ed25519");
    }
    throw new TrustFormatException(source + ": unsupported key type " + key.getAlgorithm());
  }

  /** The signature of {@code message}: ASN.1 DER for ECDSA, as cosign writes it. */
  public byte[] sign(byte[] message) {
    try {
      Signature signer = Signature.getInstance(jcaSignature);
      signer.initSign(privateKey);
      signer.update(message);
      return signer.sign();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("cannot sign with " + publicKey, e);
    }
  }

  /** The public half, as a verifier would read it from {@code cosign.pub}. */
  public TrustedKey publicKey() {
    return publicKey;
  }

  /** The public key as PEM, what {@code cosign.pub} holds. */
  public String publicKeyPem() {
    String body =
        Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
            .encodeToString(publicKey.der());
    return "-----BEGIN PUBLIC KEY-----\n" + body + "\n-----END PUBLIC KEY-----\n";
  }

  @Override
  public String toString() {
    return "signing key for " + publicKey;
  }

  /** A "random" source that returns given bytes once; see the Ed25519 case of {@link #of}. */
  private static final class FixedBytes extends SecureRandom {
    private static final long serialVersionUID = 1L;
    private final byte[] bytes;

    FixedBytes(byte[] bytes) {
      this.bytes = bytes.clone();
    }

    @Override
    public void nextBytes(byte[] out) {
      if (out.length != bytes.length) {
        throw new IllegalStateException("expected a request for " + bytes.length + " bytes");
      }
      System.arraycopy(bytes, 0, out, 0, out.length);
      Arrays.fill(bytes, (byte) 0);
    }
  }

  /**
   * P-256 arithmetic, just enough to derive a public point from a private scalar: the JDK exposes
   * none, and a PKCS#8 key need not embed its public key (the JDK's own encoding does not).
   */
  static final class P256 {
    private static final BigInteger P =
        new BigInteger("ffffffff00000001000000000000000000000000ffffffffffffffffffffffff", 16);
    private static final BigInteger A = P.subtract(BigInteger.valueOf(3));
    private static final BigInteger GX =
        new BigInteger("6b17d1f2e12c4247f8bce6e563a440f277037d812deb33a0f4a13945d898c296", 16);
    private static final BigInteger GY =
        new BigInteger("4fe342e2fe1a7f9b8ee7eb4a7c0f9e162bce33576b315ececbb6406837bf51f5", 16);

    private static final BigInteger N =
        new BigInteger("ffffffff00000000ffffffffffffffffbce6faada7179e84f3b9cac2fc632551", 16);

    private P256() {}

    static boolean isCurveOf(ECPrivateKey key) {
      return key.getParams().getOrder().equals(N)
          && key.getParams().getCurve().getField().getFieldSize() == 256;
    }

    static ECPoint multiplyBase(BigInteger k) {
      ECPoint result = ECPoint.POINT_INFINITY;
      ECPoint addend = new ECPoint(GX, GY);
      for (int i = 0; i < k.bitLength(); i++) {
        if (k.testBit(i)) {
          result = add(result, addend);
        }
        addend = add(addend, addend);
      }
      return result;
    }

    private static ECPoint add(ECPoint a, ECPoint b) {
      if (a.equals(ECPoint.POINT_INFINITY)) {
        return b;
      }
      if (b.equals(ECPoint.POINT_INFINITY)) {
        return a;
      }
      BigInteger lambda;
      if (a.getAffineX().equals(b.getAffineX())) {
        if (!a.getAffineY().equals(b.getAffineY()) || a.getAffineY().signum() == 0) {
          return ECPoint.POINT_INFINITY;
        }
        BigInteger x = a.getAffineX();
        lambda =
            x.multiply(x)
                .multiply(BigInteger.valueOf(3))
                .add(A)
                .multiply(a.getAffineY().shiftLeft(1).modInverse(P))
                .mod(P);
      } else {
        lambda =
            b.getAffineY()
                .subtract(a.getAffineY())
                .multiply(b.getAffineX().subtract(a.getAffineX()).modInverse(P))
                .mod(P);
      }
      BigInteger x =
          lambda.multiply(lambda).subtract(a.getAffineX()).subtract(b.getAffineX()).mod(P);
      BigInteger y = lambda.multiply(a.getAffineX().subtract(x)).subtract(a.getAffineY()).mod(P);
      return new ECPoint(x, y);
    }
  }
}
