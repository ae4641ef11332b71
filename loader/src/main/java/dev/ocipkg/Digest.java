package dev.ocipkg;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;
import org.jspecify.annotations.Nullable;

/**
 * A content digest as OCI spells it: {@code sha256:<64 hex>} or {@code sha512:<128 hex>}, lower
 * case.
 *
 * <p>Immutable; {@link #parse} rejects anything else with the offending text quoted.
 */
public final class Digest {
  private final String algorithm;
  private final String hex;

  private Digest(String algorithm, String hex) {
    this.algorithm = algorithm;
    this.hex = hex;
  }

  /**
   * Parses {@code algorithm:hex}.
   *
   * @throws IllegalArgumentException if the algorithm is not sha256 or sha512, or the hex part is
   *     not the right length of lower-case hex digits
   */
  public static Digest parse(String text) {
    int colon = text.indexOf(':');
    if (colon < 0) {
      throw new IllegalArgumentException(
          "invalid digest \"" + text + "\": expected sha256:<64 hex digits>");
    }
    String algorithm = text.substring(0, colon);
    String hex = text.substring(colon + 1);
    int length = hexLength(algorithm, text);
    if (hex.length() != length || !isLowerHex(hex)) {
      throw new IllegalArgumentException(
          "invalid digest \""
              + text
              + "\": "
              + algorithm
              + " needs "
              + length
              + " lower-case hex digits");
    }
    return new Digest(algorithm, hex);
  }

  /** The sha256 digest of {@code bytes}. */
  public static Digest sha256(byte[] bytes) {
    return new Digest("sha256", HexFormat.of().formatHex(messageDigest("sha256").digest(bytes)));
  }

  /** Wraps the result of a finished {@link MessageDigest} made by {@link #newMessageDigest()}. */
  public static Digest of(String algorithm, byte[] digestBytes) {
    return parse(algorithm + ":" + HexFormat.of().formatHex(digestBytes));
  }

  /** The algorithm name as OCI spells it: {@code sha256} or {@code sha512}. */
  public String algorithm() {
    return algorithm;
  }

  /** The encoded part: lower-case hex. */
  public String hex() {
    return hex;
  }

  /** A fresh {@link MessageDigest} for this digest's algorithm, to verify content as it streams. */
  public MessageDigest newMessageDigest() {
    return messageDigest(algorithm);
  }

  /** Whether {@code finishedDigest} (the bytes of a completed message digest) equals this one. */
  public boolean matches(byte[] finishedDigest) {
    return MessageDigest.isEqual(HexFormat.of().parseHex(hex), finishedDigest);
  }

  private static int hexLength(String algorithm, String text) {
    switch (algorithm) {
      case "sha256":
        return 64;
      case "sha512":
        return 128;
      default:
        throw new IllegalArgumentException(
            "unsupported digest algorithm \""
                + algorithm
                + "\" in \""
                + text
                + "\": use sha256 or sha512");
    }
  }

  private static boolean isLowerHex(String s) {
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) {
        return false;
      }
    }
    return true;
  }

  private static MessageDigest messageDigest(String algorithm) {
    return Hashing.messageDigest(algorithm);
  }

  /**
   * The JCA lookup, in a class of its own: the verifier loads the exception classes a method
   * catches with its class, and parsing a digest (every load does) hashes nothing.
   */
  private static final class Hashing {
    static MessageDigest messageDigest(String algorithm) {
      try {
        return MessageDigest.getInstance(algorithm.toUpperCase(Locale.ROOT).replace("SHA", "SHA-"));
      } catch (NoSuchAlgorithmException e) {
        throw new IllegalStateException("the JDK lacks " + algorithm, e);
      }
    }
  }

  @Override
  public boolean equals(@Nullable Object o) {
    return o instanceof Digest
        && ((Digest) o).algorithm.equals(algorithm)
        && ((Digest) o).hex.equals(hex);
  }

  @Override
  public int hashCode() {
    return hex.hashCode();
  }

  /** {@code algorithm:hex}, the form {@link #parse} reads. */
  @Override
  public String toString() {
    return algorithm + ":" + hex;
  }
}
