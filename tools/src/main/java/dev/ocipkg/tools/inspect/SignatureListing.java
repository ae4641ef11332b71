package dev.ocipkg.tools.inspect;

import dev.ocipkg.ImageReference;
import dev.ocipkg.internal.io.ForeignText;
import dev.ocipkg.internal.source.ContentSource;
import dev.ocipkg.internal.source.FetchedManifest;
import dev.ocipkg.internal.trust.FoundSignature;
import dev.ocipkg.internal.trust.SignatureFinder;
import dev.ocipkg.tools.transfer.ImageSources;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * What signs an image, for {@code ocipkg inspect}: each cosign signature found for the digest a
 * reference names (the {@code .sig} tag's layers and the bundle referrers), with its form and, for
 * a keyed bundle, the public-key hint it names. Nothing is verified here: that needs the key
 * ({@code ocipkg verify}).
 */
public final class SignatureListing {
  private final ImageSources sources;

  public SignatureListing(ImageSources sources) {
    this.sources = sources;
  }

  /**
   * One signature found.
   *
   * @param where where it is: {@code sha256-….sig layer 0}, {@code referrer sha256:…}
   * @param form {@code simple signing}, {@code sigstore bundle}, or {@code unreadable}
   * @param keyless whether it carries a Fulcio certificate rather than a key's signature
   * @param keyHint the public-key hint a keyed bundle names, escaped; else null
   * @param problem why it cannot be read (its foreign parts escaped); else null
   */
  public record Listed(
      String where,
      String form,
      boolean keyless,
      @Nullable String keyHint,
      @Nullable String problem) {
    /** {@code where: what}, as {@code ocipkg inspect} prints it. */
    public String line() {
      String what =
          problem != null
              ? "unreadable: " + problem
              : form
                  + (keyless ? ", keyless (Fulcio certificate)" : "")
                  + (keyHint == null ? "" : ", key hint " + keyHint);
      return where + ": " + what;
    }
  }

  /**
   * What was found for the digest {@code reference} names.
   *
   * @param signatures each signature found
   * @param notes where nothing was found, and what was not examined
   */
  public record Found(List<Listed> signatures, List<String> notes) {}

  /** The signatures of the digest {@code reference} names, nothing verified. */
  public Found find(ImageReference reference) throws IOException {
    try (ContentSource source = sources.open(reference)) {
      FetchedManifest top = source.fetchManifest(reference.tag(), reference.digest());
      FoundSignature.Found found =
          SignatureFinder.find(sources.signatures(reference, source), top.digest());
      List<Listed> listed = new ArrayList<>();
      for (FoundSignature signature : found.signatures()) {
        listed.add(listed(signature));
      }
      return new Found(listed, found.notes());
    }
  }

  /** One line per signature found; where there is none, one line that says where it looked. */
  public List<String> list(ImageReference reference) throws IOException {
    Found found = find(reference);
    List<String> lines = new ArrayList<>();
    for (Listed signature : found.signatures()) {
      lines.add(signature.line());
    }
    if (lines.isEmpty()) {
      lines.add("none found (" + String.join(", ", found.notes()) + ")");
    }
    return lines;
  }

  private static Listed listed(FoundSignature signature) {
    if (signature instanceof FoundSignature.SimpleSigning simple) {
      return new Listed(simple.where(), "simple signing", simple.keyless(), null, null);
    }
    if (signature instanceof FoundSignature.Bundle bundle) {
      String hint = bundle.bundle().hint();
      boolean keyless = bundle.bundle().keyless();
      return new Listed(
          bundle.where(),
          "sigstore bundle",
          keyless,
          keyless || hint == null ? null : ForeignText.escape(hint, 100),
          null);
    }
    FoundSignature.Unreadable unreadable = (FoundSignature.Unreadable) signature;
    return new Listed(unreadable.where(), "unreadable", false, null, unreadable.why());
  }
}
