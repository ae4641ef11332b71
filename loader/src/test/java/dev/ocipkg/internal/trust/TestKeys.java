package dev.ocipkg.internal.trust;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.spec.ECGenParameterSpec;
import java.util.Base64;

/** Key pairs made for one test run, and their PEM forms. */
public final class TestKeys {
  private TestKeys() {}

  /** The key types a policy accepts. */
  public enum Type {
    P256,
    RSA,
    ED25519
  }

  public static KeyPair generate(Type type) {
    try {
      switch (type) {
        case P256:
          {
            KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
            g.initialize(new ECGenParameterSpec("secp256r1"));
            return g.generateKeyPair();
          }
        case RSA:
          {
            KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
            g.initialize(2048);
            return g.generateKeyPair();
          }
        default:
          return KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
      }
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  public static String publicPem(KeyPair pair) {
    return pem("PUBLIC KEY", pair.getPublic().getEncoded());
  }

  public static String privatePem(KeyPair pair) {
    return pem("PRIVATE KEY", pair.getPrivate().getEncoded());
  }

  public static String pem(String label, byte[] der) {
    return "-----BEGIN "
        + label
        + "-----\n"
        + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(der)
        + "\n-----END "
        + label
        + "-----\n";
  }

  public static TrustedKey trusted(KeyPair pair) throws TrustFormatException {
    return TrustedKey.fromPem(publicPem(pair).getBytes(StandardCharsets.US_ASCII), "test key");
  }
}
