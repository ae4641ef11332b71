package dev.ocipkg.internal.registry;

import dev.ocipkg.Digest;
import dev.ocipkg.internal.oci.MediaTypes;
import dev.ocipkg.internal.source.FetchedManifest;
import dev.ocipkg.internal.source.NotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import okhttp3.Request;
import okhttp3.Response;
import okhttp3.ResponseBody;
import org.jspecify.annotations.Nullable;

/** {@code GET /v2/<name>/manifests/<tag or digest>}: fetches and verifies a manifest or index. */
final class ManifestPuller {
  private final RegistryCaller caller;

  ManifestPuller(RegistryCaller caller) {
    this.caller = caller;
  }

  FetchedManifest pull(
      String host, String repository, String tagOrDigest, @Nullable Digest expected)
      throws IOException {
    Request request =
        new Request.Builder()
            .url(caller.endpoint(host, repository, "manifests", tagOrDigest))
            .header("Accept", MediaTypes.MANIFEST_ACCEPT)
            .get()
            .build();
    String where = host + "/" + repository + (expected != null ? "@" : ":") + tagOrDigest;
    try (Response response =
        caller.execute(host, List.of(RegistryCaller.pullScope(repository)), request)) {
      if (response.code() == 404) {
        RegistryException e = caller.failure(host, "manifest " + where + " not found", response);
        NotFoundException notFound = new NotFoundException(e.getMessage());
        notFound.initCause(e);
        throw notFound;
      }
      if (!response.isSuccessful()) {
        throw caller.failure(host, "cannot fetch manifest " + where, response);
      }
      ResponseBody body = response.body();
      byte[] bytes = readCapped(body, where);
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

  private static byte[] readCapped(ResponseBody body, String where) throws IOException {
    long length = body.contentLength();
    if (length > FetchedManifest.MAX_BYTES) {
      throw new IOException(
          "manifest "
              + where
              + " is "
              + length
              + " bytes, more than the limit of "
              + FetchedManifest.MAX_BYTES);
    }
    try (InputStream in = body.byteStream()) {
      byte[] bytes = in.readNBytes(FetchedManifest.MAX_BYTES + 1);
      if (bytes.length > FetchedManifest.MAX_BYTES) {
        throw new IOException(
            "manifest "
                + where
                + " is more than the limit of "
                + FetchedManifest.MAX_BYTES
                + " bytes");
      }
      return bytes;
    }
  }
}
