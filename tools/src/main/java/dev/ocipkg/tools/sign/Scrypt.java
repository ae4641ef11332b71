package dev.ocipkg.tools.sign;

import java.security.GeneralSecurityException;
import java.util.Arrays;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The scrypt key derivation function of RFC 7914, which cosign's encrypted key files use (through
 * go-securesystemslib's {@code encrypted} package); written from the RFC, as the JDK has none.
 */
final class Scrypt {
  private Scrypt() {}

  /**
   * {@code scrypt(password, salt, n, r, p, length)}.
   *
   * @throws IllegalArgumentException if {@code n} is not a power of two above 1, or the cost would
   *     need more than {@code maxMemory} bytes
   */
  static byte[] derive(
      byte[] password, byte[] salt, int n, int r, int p, int length, long maxMemory) {
    if (n < 2 || (n & (n - 1)) != 0) {
      throw new IllegalArgumentException("scrypt N " + n + " is not a power of two above 1");
    }
    if (r < 1 || p < 1 || (long) r * p >= 1 << 30) {
      throw new IllegalArgumentException("scrypt r " + r + ", p " + p + " are out of range");
    }
    if (128L * r * n > maxMemory) {
      throw new IllegalArgumentException(
          "scrypt N " + n + ", r " + r + " would need " + (128L * r * n >> 20) + " MiB");
    }
    byte[] b = pbkdf2(password, salt, p * 128 * r);
    int[] block = new int[32 * r];
    int[] v = new int[32 * r * n];
    int[] scratch = new int[16];
    int[] y = new int[32 * r];
    for (int i = 0; i < p; i++) {
      int offset = i * 128 * r;
      for (int k = 0; k < block.length; k++) {
        block[k] = le32(b, offset + 4 * k);
      }
      roMix(block, v, y, scratch, r, n);
      for (int k = 0; k < block.length; k++) {
        putLe32(b, offset + 4 * k, block[k]);
      }
    }
    byte[] key = pbkdf2(password, b, length);
    Arrays.fill(b, (byte) 0);
    Arrays.fill(v, 0);
    return key;
  }

  private static void roMix(int[] x, int[] v, int[] y, int[] scratch, int r, int n) {
    int words = 32 * r;
    for (int i = 0; i < n; i++) {
      System.arraycopy(x, 0, v, i * words, words);
      blockMix(x, y, scratch, r);
    }
    for (int i = 0; i < n; i++) {
      // Integerify: the first word of the last 64-byte block, modulo N (a power of two).
      int j = x[(2 * r - 1) * 16] & (n - 1);
      for (int k = 0; k < words; k++) {
        x[k] ^= v[j * words + k];
      }
      blockMix(x, y, scratch, r);
    }
  }

  /** BlockMix with Salsa20/8: even-numbered outputs first, then odd. */
  private static void blockMix(int[] b, int[] y, int[] x, int r) {
    System.arraycopy(b, (2 * r - 1) * 16, x, 0, 16);
    for (int i = 0; i < 2 * r; i++) {
      for (int k = 0; k < 16; k++) {
        x[k] ^= b[i * 16 + k];
      }
      Salsa20.core(x, x, 8);
      int target = (i % 2 == 0 ? i / 2 : r + i / 2) * 16;
      System.arraycopy(x, 0, y, target, 16);
    }
    System.arraycopy(y, 0, b, 0, 32 * r);
  }

  /** PBKDF2 with HMAC-SHA256 and one iteration, as scrypt uses it. */
  static byte[] pbkdf2(byte[] password, byte[] salt, int length) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      // HMAC pads its key with zeros, so an empty password equals a single zero byte; the JCA
      // refuses empty keys.
      mac.init(new SecretKeySpec(password.length == 0 ? new byte[1] : password, "HmacSHA256"));
      byte[] out = new byte[length];
      for (int block = 1, done = 0; done < length; block++) {
        mac.update(salt);
        mac.update(
            new byte[] {
              (byte) (block >>> 24), (byte) (block >>> 16), (byte) (block >>> 8), (byte) block
            });
        byte[] u = mac.doFinal();
        int n = Math.min(u.length, length - done);
        System.arraycopy(u, 0, out, done, n);
        done += n;
      }
      return out;
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("the JDK lacks HmacSHA256", e);
    }
  }

  static int le32(byte[] b, int i) {
    return (b[i] & 0xff)
        | (b[i + 1] & 0xff) << 8
        | (b[i + 2] & 0xff) << 16
        | (b[i + 3] & 0xff) << 24;
  }

  static void putLe32(byte[] b, int i, int v) {
    b[i] = (byte) v;
    b[i + 1] = (byte) (v >>> 8);
    b[i + 2] = (byte) (v >>> 16);
    b[i + 3] = (byte) (v >>> 24);
  }
}
