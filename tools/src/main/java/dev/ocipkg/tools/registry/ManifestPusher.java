package dev.ocipkg.tools.registry;

import dev.ocipkg.Digest;
import dev.ocipkg.internal.http.Request;
import dev.ocipkg.internal.http.RequestBody;
import dev.ocipkg.internal.http.Response;
import dev.ocipkg.internal.registry.RegistryCaller;
import dev.ocipkg.internal.registry.Repository;
import java.io.IOException;
import java.util.List;

/**
 * {@code PUT /v2/<name>/manifests/<tag or digest>}: uploads a manifest or index with its media type
 * as Content-Type, and checks the digest the registry computed against ours.
 */
final class ManifestPusher {
  private final RegistryCaller caller;

  ManifestPusher(RegistryCaller caller) {
    this.caller = caller;
  }

  void push(Repository repository, String tagOrDigest, byte[] manifest, String mediaType)
      throws IOException {
    String host = repository.host();
    Request put =
        new Request.Builder()
            .url(caller.endpoint(repository, "manifests", tagOrDigest))
            .put(RequestBody.create(manifest, mediaType))
            .build();
    try (Response response = caller.execute(host, List.of(repository.pushScope()), put)) {
      if (response.code() != 201 && response.code() != 200) {
        throw caller.failure(
            host,
            "manifest " + repository.path() + ":" + tagOrDigest + " was not accepted",
            response);
      }
      String declared = response.header("Docker-Content-Digest");
      Digest ours = Digest.sha256(manifest);
      if (declared != null && !declared.trim().equals(ours.toString())) {
        throw new IOException(
            host
                + " stored manifest "
                + repository.path()
                + ":"
                + tagOrDigest
                + " as "
                + declared.trim()
                + " but its digest is "
                + ours);
      }
    }
  }
}
