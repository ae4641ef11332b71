package dev.ocipkg.tools.sign;

/**
 * The Salsa20 core (D. J. Bernstein, "The Salsa20 family of stream ciphers"), for scrypt's
 * Salsa20/8 and NaCl's XSalsa20; written from the specification, as the JDK has neither.
 */
final class Salsa20 {
  /** "expand 32-byte k", little-endian. */
  static final int[] SIGMA = {0x61707865, 0x3320646e, 0x79622d32, 0x6b206574};

  private Salsa20() {}

  /** {@code out = input + rounds of Salsa20 on input}; {@code out} may be {@code input}. */
  static void core(int[] input, int[] out, int rounds) {
    int[] x = input.clone();
    permute(x, rounds);
    for (int i = 0; i < 16; i++) {
      out[i] = x[i] + input[i];
    }
  }

  /** The rounds alone, without the final addition (HSalsa20 needs them so). */
  static void permute(int[] x, int rounds) {
    for (int i = 0; i < rounds; i += 2) {
      quarter(x, 0, 4, 8, 12);
      quarter(x, 5, 9, 13, 1);
      quarter(x, 10, 14, 2, 6);
      quarter(x, 15, 3, 7, 11);
      quarter(x, 0, 1, 2, 3);
      quarter(x, 5, 6, 7, 4);
      quarter(x, 10, 11, 8, 9);
      quarter(x, 15, 12, 13, 14);
    }
  }

  private static void quarter(int[] x, int a, int b, int c, int d) {
    x[b] ^= Integer.rotateLeft(x[a] + x[d], 7);
    x[c] ^= Integer.rotateLeft(x[b] + x[a], 9);
    x[d] ^= Integer.rotateLeft(x[c] + x[b], 13);
    x[a] ^= Integer.rotateLeft(x[d] + x[c], 18);
  }
}
