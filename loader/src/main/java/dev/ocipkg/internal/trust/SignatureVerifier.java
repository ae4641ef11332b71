package dev.ocipkg.internal.trust;

import dev.ocipkg.Digest;
import dev.ocipkg.ImageReference;
import dev.ocipkg.internal.io.ForeignText;
import dev.ocipkg.internal.io.JsonValue;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;

/**
 * Decides whether a policy accepts a package, before any of its files reaches JNA, FFM or JNI.
 *
 * <p><b>What is signed.</b> The digest that the reference resolves to: for a multi-platform package
 * the image index, as {@code cosign sign REF} signs it. A signature on the chosen platform's
 * manifest also counts ({@code cosign sign --recursive} makes those): it binds exactly the content
 * that is loaded, so it is no weaker; it is looked up only where the index has no acceptable
 * signature, so a package signed the usual way costs one lookup.
 *
 * <p>A {@code sigstoreSigned} requirement is satisfied by one signature that verifies under one of
 * its keys (keys come from the policy, never from the signature) and whose signed content names the
 * digest: a simple-signing payload whose {@code critical.type} is {@value
 * SimpleSigningPayload#COSIGN_TYPE}, whose {@code docker-manifest-digest} is the digest and whose
 * identity satisfies {@code signedIdentity}; or a bundle whose DSSE envelope carries an in-toto
 * statement of predicate type {@value InTotoStatement#COSIGN_SIGN_PREDICATE} with the digest among
 * its subjects (a bundle claims no repository, so {@code signedIdentity} does not apply to it;
 * other attestations by the same key, such as provenance, are not taken as the author's signature).
 */
public final class SignatureVerifier {
  private static final int MAX_DSSE_SIGNATURES = 8;

  private final TrustPolicy policy;

  public SignatureVerifier(TrustPolicy policy) {
    this.policy = policy;
  }

  /**
   * Accepts or refuses.
   *
   * @param reference the reference as the user wrote it (by tag, digest or both), which chooses the
   *     policy scope and is what {@code signedIdentity} compares with
   * @param digest what the reference resolved to (the index of a multi-platform package)
   * @param platformManifest the platform manifest chosen from that index, or null where {@code
   *     digest} is itself a manifest
   * @param source the repository to look for signatures in
   * @throws UntrustedPackageException if the policy refuses
   * @throws IOException if the signatures cannot be fetched
   */
  public TrustDecision verify(
      ImageReference reference,
      Digest digest,
      @Nullable Digest platformManifest,
      SignatureSource source)
      throws IOException {
    TrustPolicy.ScopedRequirements scoped = policy.requirementsFor(reference);
    Map<Digest, FoundSignature.Found> lookups = new LinkedHashMap<>();
    List<String> acceptedBy = new ArrayList<>();
    for (PolicyRequirement requirement : scoped.requirements()) {
      // Java 17 has no pattern switch: an instanceof chain, ending in a failure for a new case.
      if (requirement instanceof PolicyRequirement.InsecureAcceptAnything) {
        acceptedBy.add("insecureAcceptAnything");
      } else if (requirement instanceof PolicyRequirement.Reject) {
        throw refusal(reference, digest, scoped, "the scope rejects every image (\"reject\")");
      } else if (requirement instanceof PolicyRequirement.Unsupported unsupported) {
        throw refusal(reference, digest, scoped, unsupported.why());
      } else if (requirement instanceof PolicyRequirement.SigstoreSigned signed) {
        String accepted =
            sigstoreSigned(signed, reference, digest, platformManifest, source, lookups);
        if (accepted == null) {
          throw refusal(reference, digest, scoped, describeFailure(signed, reference, lookups));
        }
        acceptedBy.add(accepted);
      } else {
        throw new IllegalStateException("unhandled requirement " + requirement);
      }
    }
    return new TrustDecision(
        reference.toString(), digest, scoped.scope(), policy.fingerprint(), acceptedBy);
  }

  private static @Nullable String sigstoreSigned(
      PolicyRequirement.SigstoreSigned requirement,
      ImageReference reference,
      Digest digest,
      @Nullable Digest platformManifest,
      SignatureSource source,
      Map<Digest, FoundSignature.Found> lookups)
      throws IOException {
    List<Digest> candidates = new ArrayList<>(List.of(digest));
    if (platformManifest != null && !platformManifest.equals(digest)) {
      candidates.add(platformManifest);
    }
    for (Digest candidate : candidates) {
      FoundSignature.Found found = lookups.get(candidate);
      if (found == null) {
        found = SignatureFinder.find(source, candidate);
        lookups.put(candidate, found);
      }
      for (FoundSignature signature : found.signatures()) {
        Verdict verdict = judge(signature, requirement, reference, candidate);
        if (verdict.accepted()) {
          return verdict.text() + " on " + candidate;
        }
      }
    }
    return null;
  }

  /**
   * Whether one signature satisfies the requirement for {@code digest}, and what it is or lacks.
   */
  record Verdict(boolean accepted, String text) {
    static Verdict no(String why) {
      return new Verdict(false, why);
    }
  }

  static Verdict judge(
      FoundSignature signature,
      PolicyRequirement.SigstoreSigned requirement,
      ImageReference reference,
      Digest digest) {
    if (signature instanceof FoundSignature.SimpleSigning simple) {
      return judgeSimple(simple, requirement, reference, digest);
    }
    if (signature instanceof FoundSignature.Bundle bundle) {
      return judgeBundle(bundle.bundle(), requirement, digest);
    }
    return Verdict.no(((FoundSignature.Unreadable) signature).why());
  }

  private static Verdict judgeSimple(
      FoundSignature.SimpleSigning simple,
      PolicyRequirement.SigstoreSigned requirement,
      ImageReference reference,
      Digest digest) {
    byte[] signature = simple.signature();
    if (signature == null) {
      return Verdict.no("the layer has no " + CosignAnnotations.SIGNATURE + " annotation");
    }
    TrustedKey key = verifyingKey(requirement, simple.payload(), signature);
    if (key == null) {
      return Verdict.no(
          simple.keyless()
              ? "a keyless signature (Fulcio certificate), which a keyed policy does not accept"
              : "not signed by a trusted key");
    }
    SimpleSigningPayload payload;
    try {
      payload = SimpleSigningPayload.parse(simple.payload(), "payload");
    } catch (TrustFormatException e) {
      return Verdict.no("signed by key " + key.keyId() + ", but " + e.getMessage());
    }
    if (!payload.type().equals(SimpleSigningPayload.COSIGN_TYPE)) {
      return Verdict.no(
          "critical.type is "
              + JsonValue.quote(payload.type())
              + ", not \""
              + SimpleSigningPayload.COSIGN_TYPE
              + "\"");
    }
    if (!payload.manifestDigest().equals(digest)) {
      return Verdict.no("the payload is for " + payload.manifestDigest() + ", not " + digest);
    }
    ImageReference claimed;
    try {
      claimed = ImageReference.parse(payload.dockerReference());
    } catch (IllegalArgumentException e) {
      return Verdict.no(
          "critical.identity.docker-reference "
              + JsonValue.quote(payload.dockerReference())
              + " is not a reference");
    }
    String text = payload.dockerReference();
    String last = text.substring(text.lastIndexOf('/') + 1);
    boolean repositoryOnly = last.indexOf(':') < 0 && last.indexOf('@') < 0;
    String mismatch = requirement.signedIdentity().mismatch(reference, claimed, repositoryOnly);
    if (mismatch != null) {
      return Verdict.no("the signed identity does not match: " + ForeignText.escape(mismatch));
    }
    return new Verdict(true, "simple signing by " + key.algorithm() + " key " + key.keyId());
  }

  private static Verdict judgeBundle(
      SigstoreBundle bundle, PolicyRequirement.SigstoreSigned requirement, Digest digest) {
    if (!bundle.payloadType().equals(InTotoStatement.PAYLOAD_TYPE)) {
      return Verdict.no(
          "the DSSE payloadType is "
              + JsonValue.quote(bundle.payloadType())
              + ", not "
              + InTotoStatement.PAYLOAD_TYPE);
    }
    byte[] pae = bundle.preAuthenticationEncoding();
    TrustedKey key = null;
    for (SigstoreBundle.DsseSignature sig :
        bundle.signatures().subList(0, Math.min(bundle.signatures().size(), MAX_DSSE_SIGNATURES))) {
      key = verifyingKey(requirement, pae, sig.sig());
      if (key != null) {
        break;
      }
    }
    if (key == null) {
      return Verdict.no(
          bundle.keyless()
              ? "a keyless bundle (Fulcio certificate), which a keyed policy does not accept"
              : "not signed by a trusted key");
    }
    InTotoStatement statement;
    try {
      statement = InTotoStatement.parse(bundle.payload(), "the bundle's statement");
    } catch (TrustFormatException e) {
      return Verdict.no("signed by key " + key.keyId() + ", but " + e.getMessage());
    }
    if (!statement.predicateType().equals(InTotoStatement.COSIGN_SIGN_PREDICATE)) {
      return Verdict.no(
          "an attestation of predicateType "
              + JsonValue.quote(statement.predicateType())
              + ", not a signature ("
              + InTotoStatement.COSIGN_SIGN_PREDICATE
              + ")");
    }
    if (!statement.subjects().contains(digest)) {
      return Verdict.no(
          "the statement is for "
              + (statement.subjects().isEmpty()
                  ? "no subject"
                  : statement.subjects().stream()
                      .map(Digest::toString)
                      .collect(Collectors.joining(", ")))
              + ", not "
              + digest);
    }
    return new Verdict(true, "sigstore bundle by " + key.algorithm() + " key " + key.keyId());
  }

  private static @Nullable TrustedKey verifyingKey(
      PolicyRequirement.SigstoreSigned requirement, byte[] message, byte[] signature) {
    for (TrustedKey key : requirement.keys()) {
      if (key.verifies(message, signature)) {
        return key;
      }
    }
    return null;
  }

  private static String describeFailure(
      PolicyRequirement.SigstoreSigned requirement,
      ImageReference reference,
      Map<Digest, FoundSignature.Found> lookups) {
    StringBuilder text = new StringBuilder("it needs a cosign signature by ");
    text.append(
        requirement.keys().stream()
            .map(k -> k.algorithm() + " key " + k.keyId() + " (" + k.source() + ")")
            .collect(Collectors.joining(" or ")));
    boolean any = false;
    for (FoundSignature.Found found : lookups.values()) {
      for (FoundSignature signature : found.signatures()) {
        any = true;
        String where = signature.where();
        text.append("\n  - ")
            .append(where)
            .append(where.contains(found.digest().hex()) ? "" : " of " + found.digest())
            .append(": ")
            .append(judge(signature, requirement, reference, found.digest()).text());
      }
    }
    if (!any) {
      text.append("; no signature was found (")
          .append(
              lookups.values().stream()
                  .map(f -> "for " + f.digest() + ": " + String.join(", ", f.notes()))
                  .collect(Collectors.joining("; ")))
          .append(")");
    } else {
      lookups.values().stream()
          .flatMap(f -> f.notes().stream())
          .filter(n -> n.startsWith("signatures after"))
          .findFirst()
          .ifPresent(n -> text.append("\n  (").append(n).append(")"));
    }
    return text.toString();
  }

  private UntrustedPackageException refusal(
      ImageReference reference, Digest digest, TrustPolicy.ScopedRequirements scoped, String why) {
    return new UntrustedPackageException(
        ForeignText.withoutControls(
            reference
                + " ("
                + digest
                + ") is refused by "
                + policy.source()
                + ", scope "
                + scoped.scope()
                + ": "
                + why
                + "\nHint: sign it with cosign sign --key cosign.key "
                + reference.source()
                + (reference.kind() == ImageReference.Kind.REGISTRY
                    ? "/" + reference.repository()
                    : "")
                + "@"
                + digest
                + ", or change the policy"));
  }
}
