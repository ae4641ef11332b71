package dev.ocipkg.tools.sign;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.ocipkg.internal.trust.TrustFormatException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;

/**
 * cosign's private key file ({@code cosign generate-key-pair}'s {@code cosign.key}): a PEM block
 * {@code ENCRYPTED SIGSTORE PRIVATE KEY} (earlier {@code ENCRYPTED COSIGN PRIVATE KEY}) whose body
 * is the JSON of go-securesystemslib's {@code encrypted} package:
 *
 * <pre>{@code
 * {"kdf":{"name":"scrypt","params":{"N":32768,"r":8,"p":1},"salt":"<base64>"},
 *  "cipher":{"name":"nacl/secretbox","nonce":"<base64>"},
 *  "ciphertext":"<base64>"}
 * }</pre>
 *
 * The key is {@code scrypt(password, salt, N, r, p, 32)}; the ciphertext opens with NaCl's
 * secretbox to the PKCS#8 DER of the private key (cosign {@code pkg/cosign/keys.go}).
 */
final class CosignKeyFile {
  static final String[] LABELS = {"ENCRYPTED SIGSTORE PRIVATE KEY", "ENCRYPTED COSIGN PRIVATE KEY"};

  /** scrypt's memory is 128·r·N bytes; cosign's default (N 2^15, r 8) takes 32 MiB. */
  private static final long MAX_SCRYPT_MEMORY = 256L * 1024 * 1024;

  private CosignKeyFile() {}

  static boolean isCosignKey(String pem) {
    return pem.contains("-----BEGIN " + LABELS[0] + "-----")
        || pem.contains("-----BEGIN " + LABELS[1] + "-----");
  }

  /** The PKCS#8 DER inside {@code pem}, decrypted with {@code password}. */
  static byte[] decrypt(String pem, byte[] password, String source) throws TrustFormatException {
    String label = pem.contains(LABELS[0]) ? LABELS[0] : LABELS[1];
    int begin = pem.indexOf("-----BEGIN " + label + "-----");
    int end = pem.indexOf("-----END " + label + "-----", begin);
    if (end < 0) {
      throw new TrustFormatException(source + ": the PEM block has no END line");
    }
    JsonNode root;
    try {
      byte[] json =
          Base64.getDecoder()
              .decode(pem.substring(begin + label.length() + 16, end).replaceAll("\\s", ""));
      root = JsonMapper.builder().build().readTree(json);
    } catch (IllegalArgumentException | IOException e) {
      throw new TrustFormatException(source + ": the encrypted key is not base64 of JSON", e);
    }
    String kdf = text(root, "/kdf/name", source);
    String cipher = text(root, "/cipher/name", source);
    if (!kdf.equals("scrypt") || !cipher.equals("nacl/secretbox")) {
      throw new TrustFormatException(
          source
              + ": encrypted with "
              + kdf
              + " and "
              + cipher
              + "; only scrypt and nacl/secretbox (what cosign writes) are supported");
    }
    byte[] key;
    try {
      key =
          Scrypt.derive(
              password,
              base64(root, "/kdf/salt", source),
              integer(root, "/kdf/params/N", source),
              integer(root, "/kdf/params/r", source),
              integer(root, "/kdf/params/p", source),
              32,
              MAX_SCRYPT_MEMORY);
    } catch (IllegalArgumentException e) {
      throw new TrustFormatException(source + ": " + e.getMessage(), e);
    }
    byte[] plain =
        SecretBox.open(
            base64(root, "/ciphertext", source), base64(root, "/cipher/nonce", source), key);
    Arrays.fill(key, (byte) 0);
    if (plain == null) {
      throw new TrustFormatException(
          source + ": wrong password, or the key file is damaged (its secretbox does not open)");
    }
    return plain;
  }

  private static String text(JsonNode root, String pointer, String source)
      throws TrustFormatException {
    JsonNode node = root.at(pointer);
    if (!node.isTextual()) {
      throw new TrustFormatException(source + ": the encrypted key has no string at " + pointer);
    }
    return node.textValue();
  }

  private static int integer(JsonNode root, String pointer, String source)
      throws TrustFormatException {
    JsonNode node = root.at(pointer);
    if (!node.canConvertToInt() || !node.isIntegralNumber()) {
      throw new TrustFormatException(source + ": the encrypted key has no integer at " + pointer);
    }
    return node.intValue();
  }

  private static byte[] base64(JsonNode root, String pointer, String source)
      throws TrustFormatException {
    try {
      return Base64.getDecoder().decode(text(root, pointer, source));
    } catch (IllegalArgumentException e) {
      throw new TrustFormatException(
          source + ": " + pointer + " of the encrypted key is not base64");
    }
  }

  static byte[] utf8(char[] password) {
    return new String(password).getBytes(StandardCharsets.UTF_8);
  }
}
