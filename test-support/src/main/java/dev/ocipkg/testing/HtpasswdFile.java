package dev.ocipkg.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import org.bouncycastle.crypto.generators.OpenBSDBCrypt;

/**
 * Writes the htpasswd file that Distribution's {@code auth.htpasswd} reads. Distribution accepts
 * only bcrypt entries; Go's bcrypt accepts the {@code $2y$} prefix that {@code htpasswd -B} writes,
 * so that is what we write. Cost 4 (the minimum) because the registry checks the hash on every
 * request.
 */
final class HtpasswdFile {
  private static final SecureRandom RANDOM = new SecureRandom();
  private static final int COST = 4;

  private HtpasswdFile() {}

  static void write(Path file, String username, String password) throws IOException {
    if (username.contains(":") || username.contains("\n")) {
      throw new IllegalArgumentException(
          "htpasswd user name must not contain ':' or newlines: \"" + username + "\"");
    }
    byte[] salt = new byte[16];
    RANDOM.nextBytes(salt);
    String hash = OpenBSDBCrypt.generate("2y", password.toCharArray(), salt, COST);
    Files.writeString(file, username + ":" + hash + "\n", StandardCharsets.UTF_8);
  }
}
