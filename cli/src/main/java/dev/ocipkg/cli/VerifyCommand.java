package dev.ocipkg.cli;

import dev.ocipkg.ImageReference;
import dev.ocipkg.internal.trust.TrustDecision;
import dev.ocipkg.internal.trust.UntrustedPackageException;
import dev.ocipkg.tools.inspect.SignatureCheck;
import java.nio.file.Files;
import java.nio.file.Path;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code ocipkg verify}: whether a reference carries a cosign signature by a public key. */
@Command(
    name = "verify",
    description = {
      "Check that a reference carries a cosign signature by a public key.",
      "The .sig tag and sigstore bundle referrers are both looked at, as the loader does under a",
      "policy.",
      "Exit 0 if it does; 1 with each signature found and why it failed, if it does not."
    })
final class VerifyCommand extends Subcommand {
  @Parameters(
      paramLabel = "REFERENCE",
      converter = ArgumentConverters.ReferenceConverter.class,
      description = "HOST/REPOSITORY:TAG, HOST/REPOSITORY@DIGEST, oci:DIR[:TAG].")
  ImageReference reference;

  @Option(
      names = "--key",
      required = true,
      paramLabel = "PUB.pem",
      description = "The public key (PEM).")
  Path key;

  @Override
  void run(Context context) throws Exception {
    if (!Files.isRegularFile(key)) {
      throw usage("the public key " + key + " does not exist");
    }
    TrustDecision decision;
    try {
      decision = new SignatureCheck(context.sources()).verify(reference, key);
    } catch (UntrustedPackageException e) {
      throw new CommandFailedException(
          e.problem(),
          "sign it with ocipkg sign --key KEY.pem "
              + reference
              + " (or cosign sign --key), or check that --key is the signer's public key");
    }
    context.output().info("verified " + reference + " (" + decision.digest() + ")");
    for (String accepted : decision.acceptedBy()) {
      context.output().result(accepted);
    }
  }
}
