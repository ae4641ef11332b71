package dev.ocipkg.cli;

import dev.ocipkg.ImageReference;
import dev.ocipkg.tools.sign.ImageSigner;
import dev.ocipkg.tools.sign.SigningKey;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code ocipkg sign}: a cosign signature of what a registry reference names, pushed beside it. */
@Command(
    name = "sign",
    description = {
      "Sign a registry reference with a private key, as cosign sign --key does.",
      "What is signed is the digest the reference names now (for a multi-platform package, its",
      "index); the signature goes to the same repository.",
      "The key: a PKCS#8 PEM (openssl genpkey) or cosign's ENCRYPTED SIGSTORE PRIVATE KEY file.",
      "By default a sigstore bundle as an OCI 1.1 referrer, also listed under the tag",
      "sha256-<hex> where the registry has no referrers API; --format simple writes cosign's",
      "classic sha256-<hex>.sig tag, keeping the signatures already there."
    })
final class SignCommand extends Subcommand {
  @Parameters(
      paramLabel = "REFERENCE",
      converter = ArgumentConverters.ReferenceConverter.class,
      description = "HOST/REPOSITORY:TAG or HOST/REPOSITORY@DIGEST.")
  ImageReference reference;

  @Option(names = "--key", required = true, paramLabel = "KEY.pem", description = "The key.")
  Path key;

  @Option(
      names = "--password-stdin",
      description = "Read the key's password from standard input (for an encrypted key).")
  boolean passwordStdin;

  @Option(
      names = "--format",
      paramLabel = "bundle|simple",
      description = "bundle (the default) or simple.")
  String format = "bundle";

  @Override
  void run(Context context) throws Exception {
    ImageSigner.Format chosen;
    try {
      chosen = ImageSigner.Format.named(format);
    } catch (IllegalArgumentException e) {
      throw usage("--format " + e.getMessage());
    }
    byte[] pem;
    try {
      pem = Files.readAllBytes(key);
    } catch (NoSuchFileException e) {
      throw usage(
          "the key "
              + key
              + " does not exist (make one with: openssl genpkey -algorithm EC -pkeyopt"
              + " ec_paramgen_curve:P-256 -out "
              + key
              + ")");
    }
    byte[] password = null;
    if (passwordStdin) {
      String text = new String(System.in.readAllBytes(), StandardCharsets.UTF_8);
      password = text.replaceAll("[\r\n]+$", "").getBytes(StandardCharsets.UTF_8);
    }
    SigningKey signingKey = SigningKey.fromPem(pem, password, "key " + key);
    ImageSigner.Signed signed =
        new ImageSigner(context.sources().registry()).sign(reference, signingKey, chosen);
    context.output().info("signed " + signed.signed() + ": " + signed.where());
    context.output().result(signed.signed());
  }
}
