package dev.ocipkg.internal.registry;

import dev.ocipkg.Digest;
import dev.ocipkg.internal.http.Request;
import dev.ocipkg.internal.http.Response;
import dev.ocipkg.internal.io.ForeignText;
import dev.ocipkg.internal.oci.MediaTypes;
import dev.ocipkg.internal.source.FetchedManifest;
import dev.ocipkg.internal.source.NotFoundException;
import java.io.IOException;
import java.util.List;
import org.jspecify.annotations.Nullable;

/** {@code GET /v2/<name>/manifests/<tag or digest>}: fetches and verifies a manifest or index. */
public final class ManifestPuller {
  /** How many of a repository's tags a not-found message shows. */
  private static final int TAGS_SHOWN = 10;

  private final RegistryCaller caller;
  private final TagLister tagLister;

  public ManifestPuller(RegistryCaller caller) {
    this.caller = caller;
    this.tagLister = new TagLister(caller);
  }

  public FetchedManifest pull(Repository repository, String tagOrDigest, @Nullable Digest expected)
      throws IOException {
    FetchedManifest fetched = pull(repository, tagOrDigest, expected, false);
    if (fetched == null) {
      throw new IllegalStateException("a missing manifest is thrown, never returned");
    }
    return fetched;
  }

  /**
   * The manifest {@code tag} names, or null where the registry has no such tag: for tags that are
   * looked for rather than asked for (cosign's signature tags), so a 404 costs no tag listing.
   */
  public @Nullable FetchedManifest pullIfPresent(Repository repository, String tag)
      throws IOException {
    return pull(repository, tag, null, true);
  }

  private @Nullable FetchedManifest pull(
      Repository repository, String tagOrDigest, @Nullable Digest expected, boolean nullWhenMissing)
      throws IOException {
    Request request =
        caller.documentRequest(
            new Request.Builder()
                .url(caller.endpoint(repository, "manifests", tagOrDigest))
                .header("Accept", MediaTypes.MANIFEST_ACCEPT)
                .get()
                .build());
    boolean byDigest = tagOrDigest.contains(":");
    String host = repository.host();
    String where = repository + (byDigest ? "@" : ":") + tagOrDigest;
    try (Response response = caller.execute(host, List.of(repository.pullScope()), request)) {
      if (response.code() == 404 && nullWhenMissing) {
        return null;
      }
      if (response.code() == 404) {
        RegistryException e = caller.failure(host, "manifest " + where + " not found", response);
        NotFoundException notFound =
            new NotFoundException(
                e.getMessage()
                    + ": "
                    + meaningOf(e.errorCode(), repository, tagOrDigest, byDigest));
        notFound.initCause(e);
        throw notFound;
      }
      if (!response.isSuccessful()) {
        throw caller.failure(host, "cannot fetch manifest " + where, response);
      }
      byte[] bytes =
          caller.readDocument(host, response, FetchedManifest.MAX_BYTES, "manifest " + where);
      String declared = response.header("Docker-Content-Digest");
      Digest declaredDigest = null;
      if (declared != null) {
        try {
          declaredDigest = Digest.parse(declared.trim());
        } catch (IllegalArgumentException e) {
          // an unusable header is ignored; the content is still verified against what we know
        }
      }
      return FetchedManifest.verify(
          bytes,
          MediaTypes.essence(response.header("Content-Type")),
          expected,
          declaredDigest,
          where);
    }
  }

  /**
   * What a 404 means: {@code NAME_UNKNOWN} is a repository that does not exist; otherwise (the code
   * Distribution gives for both is {@code MANIFEST_UNKNOWN}) the repository's first tags tell
   * whether it exists, and show what it has.
   */
  private String meaningOf(
      @Nullable String code, Repository repository, String tagOrDigest, boolean byDigest) {
    String missingRepository =
        "the repository " + repository.path() + " does not exist on " + repository.host();
    if ("NAME_UNKNOWN".equals(code)) {
      return missingRepository;
    }
    List<String> tags;
    try {
      tags = tagLister.firstTags(repository, TAGS_SHOWN + 1);
    } catch (IOException | RuntimeException e) {
      return "the registry did not say whether the repository or the "
          + (byDigest ? "digest" : "tag")
          + " is unknown";
    }
    if (tags == null) {
      return missingRepository;
    }
    String missing = (byDigest ? "no manifest " : "no tag ") + tagOrDigest;
    if (tags.isEmpty()) {
      return "the repository "
          + repository.path()
          + " exists but has "
          + missing
          + " (it has no tags)";
    }
    StringBuilder shown = new StringBuilder();
    for (int i = 0; i < Math.min(TAGS_SHOWN, tags.size()); i++) {
      shown.append(i == 0 ? "" : ", ").append(ForeignText.escape(tags.get(i), 128));
    }
    return "the repository "
        + repository.path()
        + " exists but has "
        + missing
        + " (its tags: "
        + shown
        + (tags.size() > TAGS_SHOWN ? ", …" : "")
        + ")";
  }
}
