package dev.ocipkg.internal;

import dev.ocipkg.Digest;
import dev.ocipkg.ImageReference;
import dev.ocipkg.internal.registry.RegistrySignatures;
import dev.ocipkg.internal.source.ContentSource;
import dev.ocipkg.internal.store.TrustRecords;
import dev.ocipkg.internal.trust.SignatureVerifier;
import dev.ocipkg.internal.trust.TrustDecision;
import dev.ocipkg.internal.trust.TrustFormatException;
import dev.ocipkg.internal.trust.TrustPolicy;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import org.jspecify.annotations.Nullable;

/**
 * The cold path's trust check: a package must satisfy the configured policy before any of its
 * layers is extracted. An acceptance is recorded in the store ({@link TrustRecords}) so that later
 * loads, warm or cold, skip the signature lookups while the policy and its key files are unchanged.
 *
 * <p>The policy file is read on every check, not once: a changed policy takes effect on the next
 * load, and the record describes the very bytes that decided.
 */
final class PackageVerifier {
  private final Path policyFile;
  private final TrustRecords records;
  private final Sources sources;
  private final LoadEvents events;

  PackageVerifier(Path policyFile, TrustRecords records, Sources sources, LoadEvents events) {
    this.policyFile = policyFile;
    this.records = records;
    this.sources = sources;
    this.events = events;
  }

  /**
   * Accepts {@code reference} (as the user wrote it), resolved to {@code resolved}, whose chosen
   * platform manifest is {@code manifest}, or throws.
   *
   * @throws dev.ocipkg.internal.trust.UntrustedPackageException if the policy refuses
   * @throws TrustFormatException if the policy cannot be read or used
   */
  void verify(ImageReference reference, ContentSource source, Digest resolved, Digest manifest)
      throws IOException {
    if (records.accepts(reference.toString(), resolved, manifest, policyFile)) {
      return;
    }
    byte[] bytes = readPolicy();
    Path folder = policyFile.toAbsolutePath().getParent();
    TrustPolicy policy =
        TrustPolicy.parse(bytes, "policy " + policyFile, folder == null ? Path.of("") : folder);
    @Nullable Digest platformManifest = manifest.equals(resolved) ? null : manifest;
    TrustDecision decision =
        new SignatureVerifier(policy)
            .verify(
                reference,
                resolved,
                platformManifest,
                RegistrySignatures.of(reference, source, sources.caller()));
    records.write(
        reference.toString(),
        resolved,
        manifest,
        policyFile,
        bytes,
        policy.keyFiles(),
        decision.scope().toString(),
        decision.acceptedBy());
    events.verified(reference, resolved, decision.acceptedBy());
  }

  private byte[] readPolicy() throws IOException {
    try (InputStream in = Files.newInputStream(policyFile)) {
      byte[] bytes = in.readNBytes(TrustPolicy.MAX_BYTES + 1);
      if (bytes.length > TrustPolicy.MAX_BYTES) {
        throw new TrustFormatException(
            "policy " + policyFile + " is larger than the " + TrustPolicy.MAX_BYTES + " allowed");
      }
      return bytes;
    } catch (NoSuchFileException e) {
      throw new TrustFormatException(
          "the trust policy "
              + policyFile
              + " does not exist (named by ocipkg.policy, OCIPKG_POLICY or"
              + " NativeLoader.builder().policy)",
          e);
    }
  }
}
