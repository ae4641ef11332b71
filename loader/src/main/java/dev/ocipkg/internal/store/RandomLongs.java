package dev.ocipkg.internal.store;

import java.io.File;
import java.io.FileInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.security.SecureRandom;
import org.jspecify.annotations.Nullable;

/**
 * Unpredictable 64-bit values, for the names of temp files and the ids of their owners: eight bytes
 * of {@code /dev/urandom} where there is one (what the JDK's own {@code NativePRNG} reads), else
 * {@link SecureRandom}. Not SecureRandom first: its first instance in a JVM sets up the security
 * providers' framework for it, about 5 ms of a fresh JVM on the cold path beyond what the first
 * digest costs, against 0.1 ms for the first read of the device.
 *
 * <p>Nothing is buffered: a JVM restored twice from one checkpoint must not name files alike.
 */
final class RandomLongs {
  private static final String DEVICE = "/dev/urandom";

  /** Made where the device cannot be read; then used for every value. */
  private static volatile @Nullable SecureRandom fallback;

  private RandomLongs() {}

  static long next() {
    SecureRandom random = fallback;
    if (random == null) {
      byte[] bytes = new byte[Long.BYTES];
      if (readDevice(bytes)) {
        long value = 0;
        for (byte b : bytes) {
          value = (value << 8) | (b & 0xFF);
        }
        return value;
      }
      random = new SecureRandom();
      fallback = random;
    }
    return random.nextLong();
  }

  private static boolean readDevice(byte[] bytes) {
    if (new File(DEVICE).isFile()) {
      return false; // a regular file there would give the same bytes every time
    }
    try (InputStream in = new FileInputStream(DEVICE)) {
      int read = 0;
      while (read < bytes.length) {
        int n = in.read(bytes, read, bytes.length - read);
        if (n < 0) {
          return false;
        }
        read += n;
      }
      return true;
    } catch (IOException | SecurityException e) {
      return false; // no such device (Windows), or not readable here
    }
  }
}
