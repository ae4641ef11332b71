package dev.ocipkg.tools.registry;

import dev.ocipkg.Digest;
import dev.ocipkg.internal.http.Request;
import dev.ocipkg.internal.http.Response;
import dev.ocipkg.internal.registry.RegistryCaller;
import dev.ocipkg.internal.registry.Repository;
import java.io.IOException;
import java.util.List;

/**
 * {@code HEAD /v2/<name>/blobs/<digest>}: whether the repository already has a blob, so a push can
 * skip it. Falls back to a GET (closed after the headers) where a registry refuses HEAD.
 */
final class BlobChecker {
  private final RegistryCaller caller;

  BlobChecker(RegistryCaller caller) {
    this.caller = caller;
  }

  boolean exists(Repository repository, Digest digest) throws IOException {
    String host = repository.host();
    Request head =
        caller.documentRequest(
            new Request.Builder()
                .url(caller.endpoint(repository, "blobs", digest.toString()))
                .head()
                .build());
    List<String> scopes = List.of(repository.pushScope());
    try (Response response = caller.execute(host, scopes, head)) {
      if (response.isSuccessful()) {
        return true;
      }
      if (response.code() == 404) {
        return false;
      }
      if (response.code() != 405 && response.code() != 501 && response.code() != 400) {
        throw caller.failure(host, "cannot check blob " + digest + " in " + repository, response);
      }
    }
    Request get =
        caller.documentRequest(head.newBuilder().get().header("Range", "bytes=0-0").build());
    try (Response response = caller.execute(host, scopes, get)) {
      if (response.isSuccessful()) {
        return true;
      }
      if (response.code() == 404) {
        return false;
      }
      throw caller.failure(host, "cannot check blob " + digest + " in " + repository, response);
    }
  }
}
