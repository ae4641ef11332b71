package dev.ocipkg.testing;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** OCI digests ({@code sha256:<hex>}) of bytes and files. */
public final class Sha256 {
  private Sha256() {}

  /** The OCI digest of {@code content}, e.g. {@code sha256:e3b0c442…}. */
  public static String digest(byte[] content) {
    return "sha256:" + HexFormat.of().formatHex(newDigest().digest(content));
  }

  /** The OCI digest of a file's content, read in a stream. */
  public static String digest(Path file) throws IOException {
    MessageDigest digest = newDigest();
    byte[] buffer = new byte[64 * 1024];
    try (InputStream in = Files.newInputStream(file)) {
      for (int n; (n = in.read(buffer)) > 0; ) {
        digest.update(buffer, 0, n);
      }
    }
    return "sha256:" + HexFormat.of().formatHex(digest.digest());
  }

  /** The hex part of {@code sha256:<hex>}, failing on anything else. */
  static String hex(String digest) {
    if (!digest.matches("sha256:[0-9a-f]{64}")) {
      throw new IllegalArgumentException("not a sha256 digest: \"" + digest + "\"");
    }
    return digest.substring("sha256:".length());
  }

  private static MessageDigest newDigest() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java platform has SHA-256", e);
    }
  }
}
