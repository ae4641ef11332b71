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

  /** One line per signature found; where there is none, one line that says where it looked. */
  public List<String> list(ImageReference reference) throws IOException {
    try (ContentSource source = sources.open(reference)) {
      FetchedManifest top = source.fetchManifest(reference.tag(), reference.digest());
      FoundSignature.Found found =
          SignatureFinder.find(sources.signatures(reference, source), top.digest());
      List<String> lines = new ArrayList<>();
      for (FoundSignature signature : found.signatures()) {
        lines.add(signature.where() + ": " + describe(signature));
      }
      if (lines.isEmpty()) {
        lines.add("none found (" + String.join(", ", found.notes()) + ")");
      }
      return lines;
    }
  }

  private static String describe(FoundSignature signature) {
    if (signature instanceof FoundSignature.SimpleSigning simple) {
      return simple.keyless() ? "simple signing, keyless (Fulcio certificate)" : "simple signing";
    }
    if (signature instanceof FoundSignature.Bundle bundle) {
      String hint = bundle.bundle().hint();
      return bundle.bundle().keyless()
          ? "sigstore bundle, keyless (Fulcio certificate)"
          : "sigstore bundle" + (hint == null ? "" : ", key hint " + ForeignText.escape(hint, 100));
    }
    return "unreadable: " + ((FoundSignature.Unreadable) signature).why();
  }
}
