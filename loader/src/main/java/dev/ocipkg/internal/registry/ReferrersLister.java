package dev.ocipkg.internal.registry;

import dev.ocipkg.Digest;
import dev.ocipkg.internal.http.HttpUrl;
import dev.ocipkg.internal.http.Request;
import dev.ocipkg.internal.http.Response;
import dev.ocipkg.internal.oci.ImageIndex;
import dev.ocipkg.internal.oci.MediaTypes;
import dev.ocipkg.internal.oci.OciJson;
import dev.ocipkg.internal.source.FetchedManifest;
import java.io.IOException;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * {@code GET /v2/<name>/referrers/<digest>?artifactType=…} (distribution-spec 1.1): the manifests
 * whose {@code subject} is a digest, as an image index.
 */
public final class ReferrersLister {
  private final RegistryCaller caller;

  public ReferrersLister(RegistryCaller caller) {
    this.caller = caller;
  }

  /**
   * The referrers of {@code subject}, or null where the registry has no referrers API: it answers
   * 404 (CNCF Distribution 2.8 does), and the caller falls back to the referrers tag schema.
   */
  public @Nullable ImageIndex list(Repository repository, Digest subject, String artifactType)
      throws IOException {
    String host = repository.host();
    HttpUrl url =
        caller
            .endpoint(repository, "referrers", subject.toString())
            .newBuilder()
            .addQueryParameter("artifactType", artifactType)
            .build();
    Request request =
        caller.documentRequest(
            new Request.Builder().url(url).header("Accept", MediaTypes.OCI_INDEX).get().build());
    String what = "the referrers of " + repository + "@" + subject;
    try (Response response = caller.execute(host, List.of(repository.pullScope()), request)) {
      if (response.code() == 404) {
        return null;
      }
      if (!response.isSuccessful()) {
        throw caller.failure(host, "cannot list " + what, response);
      }
      byte[] bytes = caller.readDocument(host, response, FetchedManifest.MAX_BYTES, what);
      return OciJson.parseIndex(bytes, what);
    }
  }
}
