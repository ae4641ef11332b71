package dev.ocipkg.benchmarks.harness;

import dev.ocipkg.ImageReference;
import dev.ocipkg.internal.config.LoaderConfig;
import dev.ocipkg.tools.registry.RegistryClient;
import dev.ocipkg.tools.sign.ImageSigner;
import dev.ocipkg.tools.sign.SigningKey;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.spec.ECGenParameterSpec;
import java.util.Base64;

/**
 * The demo package signed with a key made for the run (a sigstore bundle, as {@code ocipkg sign}
 * writes it), and a containers-policy.json that demands that key: for the warm load under a policy.
 */
final class SignedPackage {
  private SignedPackage() {}

  /** Signs {@code reference} and writes the key and the policy into {@code folder}; the policy. */
  static Path sign(String reference, Path folder) throws IOException {
    KeyPair pair;
    SigningKey key;
    try {
      KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
      generator.initialize(new ECGenParameterSpec("secp256r1"));
      pair = generator.generateKeyPair();
      key = SigningKey.of(pair.getPrivate(), "benchmark");
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("no P-256 signing key: " + e, e);
    }
    Files.createDirectories(folder);
    new ImageSigner(new RegistryClient(LoaderConfig.builder().build()))
        .sign(ImageReference.parse(reference), key, ImageSigner.Format.BUNDLE);
    Files.writeString(
        folder.resolve("cosign.pub"),
        "-----BEGIN PUBLIC KEY-----\n"
            + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                .encodeToString(pair.getPublic().getEncoded())
            + "\n-----END PUBLIC KEY-----\n");
    return Files.writeString(
        folder.resolve("policy.json"),
        "{\"default\":[{\"type\":\"sigstoreSigned\",\"keyPath\":\"cosign.pub\","
            + "\"signedIdentity\":{\"type\":\"matchRepository\"}}]}");
  }
}
