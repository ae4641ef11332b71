package dev.ocipkg.internal.registry;

import dev.ocipkg.Digest;
import dev.ocipkg.internal.source.NotFoundException;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import okhttp3.Request;
import okhttp3.Response;

/** {@code GET /v2/<name>/blobs/<digest>}: opens a blob's bytes as a stream; the caller verifies. */
final class BlobPuller {
  private final RegistryCaller caller;

  BlobPuller(RegistryCaller caller) {
    this.caller = caller;
  }

  InputStream open(String host, String repository, Digest digest) throws IOException {
    Request request =
        new Request.Builder()
            .url(caller.endpoint(host, repository, "blobs", digest.toString()))
            .get()
            .build();
    Response response = caller.execute(host, request);
    try {
      String where = host + "/" + repository + "@" + digest;
      if (response.code() == 404) {
        throw new NotFoundException(
            RegistryCaller.failure(host, "blob " + where + " not found", response).getMessage());
      }
      if (!response.isSuccessful()) {
        throw RegistryCaller.failure(host, "cannot fetch blob " + where, response);
      }
      Response open = response;
      return new FilterInputStream(response.body().byteStream()) {
        @Override
        public void close() throws IOException {
          try {
            super.close();
          } finally {
            open.close();
          }
        }
      };
    } catch (IOException | RuntimeException e) {
      response.close();
      throw e;
    }
  }
}
