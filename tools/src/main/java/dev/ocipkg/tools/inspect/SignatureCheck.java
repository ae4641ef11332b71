package dev.ocipkg.tools.inspect;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ocipkg.ImageReference;
import dev.ocipkg.internal.source.ContentSource;
import dev.ocipkg.internal.source.FetchedManifest;
import dev.ocipkg.internal.trust.SignatureVerifier;
import dev.ocipkg.internal.trust.TrustDecision;
import dev.ocipkg.internal.trust.TrustPolicy;
import dev.ocipkg.tools.layout.OciJsonWriter;
import dev.ocipkg.tools.transfer.ImageSources;
import java.io.IOException;
import java.nio.file.Path;

/**
 * {@code ocipkg verify}: whether what a reference names now carries a cosign signature by one
 * public key, by the loader's own verifier under a one-key policy made in memory ({@code
 * sigstoreSigned} with {@code matchRepository}, as cosign signs the repository alone).
 */
public final class SignatureCheck {
  private final ImageSources sources;

  public SignatureCheck(ImageSources sources) {
    this.sources = sources;
  }

  /**
   * @throws dev.ocipkg.internal.trust.UntrustedPackageException naming each signature found and why
   *     it failed, or that there is none
   */
  public TrustDecision verify(ImageReference reference, Path publicKey) throws IOException {
    Path key = publicKey.toAbsolutePath().normalize();
    ObjectNode root = OciJsonWriter.object();
    ArrayNode requirements = root.putArray("default");
    ObjectNode signed = requirements.addObject();
    signed.put("type", "sigstoreSigned");
    signed.put("keyPath", key.toString());
    signed.putObject("signedIdentity").put("type", "matchRepository");
    Path folder = key.getParent();
    TrustPolicy policy =
        TrustPolicy.parse(
            OciJsonWriter.bytes(root), "--key " + publicKey, folder == null ? key : folder);
    try (ContentSource source = sources.open(reference)) {
      FetchedManifest top = source.fetchManifest(reference.tag(), reference.digest());
      return new SignatureVerifier(policy)
          .verify(reference, top.digest(), null, sources.signatures(reference, source));
    }
  }
}
