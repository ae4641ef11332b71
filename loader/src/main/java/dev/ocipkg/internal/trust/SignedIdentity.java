package dev.ocipkg.internal.trust;

import dev.ocipkg.ImageReference;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * The {@code signedIdentity} of a {@code sigstoreSigned} requirement (containers-policy.json(5)):
 * which image identity the signature's {@code critical.identity.docker-reference} must claim.
 * Absent, it is {@link MatchRepoDigestOrExact}.
 *
 * <p>cosign's simple-signing payload names only a repository, never a tag; so for a reference by
 * tag only {@link MatchRepository} (or {@link ExactRepository}) accepts cosign's signatures, as
 * containers-policy.json(5) warns. A sigstore bundle claims no identity at all (its statement binds
 * the digest only), so a bundle signature is judged by its digest and this field does not apply.
 */
public sealed interface SignedIdentity {
  /**
   * Null where {@code signed} satisfies this requirement for {@code image}, else why not.
   *
   * @param image the reference as the user wrote it (by tag, digest, or both)
   * @param signed the identity the signature claims, normalised like any reference
   * @param repositoryOnly whether the claim names a repository without tag or digest (as cosign's
   *     do), which {@code signed} cannot show: parsing added {@code :latest}
   */
  @Nullable String mismatch(ImageReference image, ImageReference signed, boolean repositoryOnly);

  /** The identity must equal the image's reference exactly. */
  record MatchExact() implements SignedIdentity {
    @Override
    public @Nullable String mismatch(
        ImageReference image, ImageReference signed, boolean repositoryOnly) {
      if (image.kind() != ImageReference.Kind.REGISTRY) {
        return onlyExactForLocal("matchExact");
      }
      return !repositoryOnly && image.equals(signed)
          ? null
          : "it claims " + claim(signed, repositoryOnly) + ", not exactly " + image;
    }
  }

  /**
   * A reference by tag needs the identity to be exactly that tag; a reference by digest, any
   * identity in the same repository.
   */
  record MatchRepoDigestOrExact() implements SignedIdentity {
    @Override
    public @Nullable String mismatch(
        ImageReference image, ImageReference signed, boolean repositoryOnly) {
      if (image.kind() != ImageReference.Kind.REGISTRY) {
        return onlyExactForLocal("matchRepoDigestOrExact (the default)");
      }
      if (image.digest() != null) {
        return sameRepository(image, signed)
            ? null
            : "it claims repository " + repository(signed) + ", not " + repository(image);
      }
      if (!repositoryOnly && image.equals(signed)) {
        return null;
      }
      return "it claims "
          + claim(signed, repositoryOnly)
          + ", not exactly "
          + image
          + (repositoryOnly && sameRepository(image, signed)
              ? " (cosign signs the repository only: set \"signedIdentity\":"
                  + " {\"type\": \"matchRepository\"} in the policy, or pin the reference by digest)"
              : "");
    }
  }

  /** The identity must be in the image's repository, any tag. */
  record MatchRepository() implements SignedIdentity {
    @Override
    public @Nullable String mismatch(
        ImageReference image, ImageReference signed, boolean repositoryOnly) {
      if (image.kind() != ImageReference.Kind.REGISTRY) {
        return onlyExactForLocal("matchRepository");
      }
      return sameRepository(image, signed)
          ? null
          : "it claims repository " + repository(signed) + ", not " + repository(image);
    }
  }

  /** The identity must be exactly {@code dockerReference}. */
  record ExactReference(ImageReference dockerReference) implements SignedIdentity {
    @Override
    public @Nullable String mismatch(
        ImageReference image, ImageReference signed, boolean repositoryOnly) {
      return !repositoryOnly && dockerReference.equals(signed)
          ? null
          : "it claims "
              + claim(signed, repositoryOnly)
              + ", not "
              + dockerReference
              + " (exactReference)";
    }
  }

  /** The identity must be in repository {@code dockerRepository}. */
  record ExactRepository(ImageReference dockerRepository) implements SignedIdentity {
    @Override
    public @Nullable String mismatch(
        ImageReference image, ImageReference signed, boolean repositoryOnly) {
      return sameRepository(dockerRepository, signed)
          ? null
          : "it claims repository "
              + repository(signed)
              + ", not "
              + repository(dockerRepository)
              + " (exactRepository)";
    }
  }

  /**
   * Where the image's {@code host/repository} starts with {@code prefix}, that prefix is replaced
   * by {@code signedPrefix} (a mirror of a vendor's repositories); then as {@link
   * MatchRepoDigestOrExact}.
   */
  record RemapIdentity(String prefix, String signedPrefix) implements SignedIdentity {
    @Override
    public @Nullable String mismatch(
        ImageReference image, ImageReference signed, boolean repositoryOnly) {
      if (image.kind() != ImageReference.Kind.REGISTRY) {
        return onlyExactForLocal("remapIdentity");
      }
      String name = repository(image);
      ImageReference remapped = image;
      if (name.equals(prefix) || name.startsWith(prefix + "/")) {
        String text = signedPrefix + name.substring(prefix.length());
        if (image.tag() != null) {
          text += ":" + image.tag();
        }
        if (image.digest() != null) {
          text += "@" + image.digest();
        }
        try {
          remapped = ImageReference.parse(text);
        } catch (IllegalArgumentException e) {
          return "remapping " + name + " with signedPrefix gives an invalid reference: " + text;
        }
      }
      return new MatchRepoDigestOrExact().mismatch(remapped, signed, repositoryOnly);
    }
  }

  private static String claim(ImageReference signed, boolean repositoryOnly) {
    return repositoryOnly ? "repository " + repository(signed) + " only" : signed.toString();
  }

  private static boolean sameRepository(ImageReference a, ImageReference b) {
    return a.kind() == ImageReference.Kind.REGISTRY
        && b.kind() == ImageReference.Kind.REGISTRY
        && repository(a).equals(repository(b));
  }

  private static String repository(ImageReference reference) {
    return Objects.requireNonNull(reference.registry())
        + "/"
        + Objects.requireNonNull(reference.repository());
  }

  private static String onlyExactForLocal(String type) {
    return "signedIdentity "
        + type
        + " needs a registry reference; for oci: and oci-archive: sources use exactReference or"
        + " exactRepository";
  }
}
