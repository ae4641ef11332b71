package dev.ocipkg.tools.sign;

import java.math.BigInteger;
import java.security.MessageDigest;
import java.util.Arrays;

/**
 * NaCl's {@code crypto_secretbox} (XSalsa20 and Poly1305), opening only: what cosign's encrypted
 * key files are sealed with (Go's {@code golang.org/x/crypto/nacl/secretbox}: the box is the
 * 16-byte tag, then the ciphertext). Written from NaCl's and RFC 8439's descriptions of Poly1305
 * and Bernstein's of XSalsa20, as the JDK has neither.
 */
final class SecretBox {
  private static final BigInteger P1305 =
      BigInteger.ONE.shiftLeft(130).subtract(BigInteger.valueOf(5));
  private static final BigInteger CLAMP = new BigInteger("0ffffffc0ffffffc0ffffffc0fffffff", 16);
  private static final BigInteger MOD128 = BigInteger.ONE.shiftLeft(128);

  private SecretBox() {}

  /** The plaintext of {@code box}, or null where it does not authenticate under {@code key}. */
  static byte[] open(byte[] box, byte[] nonce, byte[] key) {
    if (key.length != 32 || nonce.length != 24 || box.length < 16) {
      return null;
    }
    byte[] stream = xsalsa20(key, nonce, 32 + box.length - 16);
    byte[] tag = Arrays.copyOfRange(box, 0, 16);
    byte[] ciphertext = Arrays.copyOfRange(box, 16, box.length);
    byte[] expected = poly1305(Arrays.copyOfRange(stream, 0, 32), ciphertext);
    if (!MessageDigest.isEqual(tag, expected)) {
      return null;
    }
    byte[] plain = new byte[ciphertext.length];
    for (int i = 0; i < plain.length; i++) {
      plain[i] = (byte) (ciphertext[i] ^ stream[32 + i]);
    }
    return plain;
  }

  /** {@code length} bytes of XSalsa20 key stream: HSalsa20 derives a subkey from 16 nonce bytes. */
  static byte[] xsalsa20(byte[] key, byte[] nonce, int length) {
    int[] h = new int[16];
    h[0] = Salsa20.SIGMA[0];
    h[5] = Salsa20.SIGMA[1];
    h[10] = Salsa20.SIGMA[2];
    h[15] = Salsa20.SIGMA[3];
    for (int i = 0; i < 4; i++) {
      h[1 + i] = Scrypt.le32(key, 4 * i);
      h[11 + i] = Scrypt.le32(key, 16 + 4 * i);
      h[6 + i] = Scrypt.le32(nonce, 4 * i);
    }
    Salsa20.permute(h, 20);
    int[] subkey = {h[0], h[5], h[10], h[15], h[6], h[7], h[8], h[9]};

    byte[] out = new byte[length];
    int[] state = new int[16];
    int[] block = new int[16];
    byte[] bytes = new byte[64];
    for (long counter = 0; counter * 64 < length; counter++) {
      state[0] = Salsa20.SIGMA[0];
      state[5] = Salsa20.SIGMA[1];
      state[10] = Salsa20.SIGMA[2];
      state[15] = Salsa20.SIGMA[3];
      for (int i = 0; i < 4; i++) {
        state[1 + i] = subkey[i];
        state[11 + i] = subkey[4 + i];
      }
      state[6] = Scrypt.le32(nonce, 16);
      state[7] = Scrypt.le32(nonce, 20);
      state[8] = (int) counter;
      state[9] = (int) (counter >>> 32);
      Salsa20.core(state, block, 20);
      for (int i = 0; i < 16; i++) {
        Scrypt.putLe32(bytes, 4 * i, block[i]);
      }
      int offset = (int) (counter * 64);
      System.arraycopy(bytes, 0, out, offset, Math.min(64, length - offset));
    }
    return out;
  }

  /** The Poly1305 tag of {@code message} under the one-time {@code key}. */
  static byte[] poly1305(byte[] key, byte[] message) {
    BigInteger r = littleEndian(key, 0, 16).and(CLAMP);
    BigInteger s = littleEndian(key, 16, 16);
    BigInteger acc = BigInteger.ZERO;
    for (int i = 0; i < message.length; i += 16) {
      int n = Math.min(16, message.length - i);
      BigInteger chunk = littleEndian(message, i, n).setBit(8 * n);
      acc = acc.add(chunk).multiply(r).mod(P1305);
    }
    BigInteger tag = acc.add(s).mod(MOD128);
    byte[] out = new byte[16];
    byte[] big = tag.toByteArray();
    for (int i = 0; i < 16 && i < big.length; i++) {
      out[i] = big[big.length - 1 - i];
    }
    return out;
  }

  private static BigInteger littleEndian(byte[] b, int from, int n) {
    byte[] big = new byte[n + 1];
    for (int i = 0; i < n; i++) {
      big[n - i] = b[from + i];
    }
    return new BigInteger(big);
  }
}
