package dev.ocipkg.tools.registry;

import dev.ocipkg.Digest;
import dev.ocipkg.internal.http.HttpUrl;
import dev.ocipkg.internal.http.Request;
import dev.ocipkg.internal.http.RequestBody;
import dev.ocipkg.internal.http.Response;
import dev.ocipkg.internal.io.BulkInputStream;
import dev.ocipkg.internal.io.TransferListener;
import dev.ocipkg.internal.registry.RegistryCaller;
import dev.ocipkg.internal.registry.RegistryException;
import dev.ocipkg.internal.registry.Repository;
import java.io.IOException;
import java.io.InputStream;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * Uploads a blob: {@code POST /v2/<name>/blobs/uploads/} (with {@code ?mount=&from=} to mount it
 * from another repository of the same registry, falling back to an upload when the registry
 * declines), then either one monolithic {@code PUT ?digest=} or chunked {@code PATCH} requests with
 * {@code Content-Range}, always to the latest {@code Location}, chunks no smaller than the
 * registry's {@code OCI-Chunk-Min-Length}. A chunk that fails is resumed from where the registry's
 * upload status says it stopped.
 */
final class BlobPusher {
  private static final String OCTET_STREAM = "application/octet-stream";
  private static final int MAX_CHUNK_RESUMES = 5;

  private final RegistryCaller caller;

  BlobPusher(RegistryCaller caller) {
    this.caller = caller;
  }

  /**
   * Pushes {@code file} as blob {@code digest}.
   *
   * @param mountFrom the path of a repository of the same registry that has the blob, or null
   * @param chunkSize 0 for a monolithic upload, else the chunk size in bytes
   */
  RegistryClient.PushOutcome push(
      Repository repository,
      Digest digest,
      Path file,
      @Nullable String mountFrom,
      long chunkSize,
      TransferListener listener)
      throws IOException {
    String host = repository.host();
    List<String> scopes =
        mountFrom == null
            ? List.of(repository.pushScope())
            : List.of(repository.pushScope(), new Repository(host, mountFrom).pullScope());
    HttpUrl.Builder start =
        caller
            .apiBase(host)
            .newBuilder()
            .addPathSegments(repository.path())
            .addPathSegments("blobs/uploads/");
    if (mountFrom != null) {
      start.addQueryParameter("mount", digest.toString()).addQueryParameter("from", mountFrom);
    }
    Request post =
        new Request.Builder()
            .url(start.build())
            .post(RequestBody.create(new byte[0], null))
            .build();
    HttpUrl location;
    long minChunk;
    try (Response response = caller.execute(host, scopes, post)) {
      if (response.code() == 201 && mountFrom != null) {
        return RegistryClient.PushOutcome.MOUNTED;
      }
      if (response.code() != 202) {
        throw caller.failure(
            host, "cannot start an upload of " + digest + " to " + repository.path(), response);
      }
      location = location(response, post.url());
      minChunk = headerLong(response, "OCI-Chunk-Min-Length", 0);
    }
    long size = Files.size(file);
    FileProgress progress = new FileProgress(digest, listener);
    if (chunkSize <= 0 || size <= chunkSize) {
      putWhole(host, scopes, location, digest, file, progress);
    } else {
      putChunked(
          host, scopes, location, digest, file, size, Math.max(chunkSize, minChunk), progress);
    }
    return RegistryClient.PushOutcome.UPLOADED;
  }

  private void putWhole(
      String host,
      List<String> scopes,
      HttpUrl location,
      Digest digest,
      Path file,
      FileProgress progress)
      throws IOException {
    Request put =
        new Request.Builder()
            .url(location.newBuilder().addQueryParameter("digest", digest.toString()).build())
            .put(new FileRegion(file, 0, Files.size(file), progress))
            .build();
    try (Response response = caller.execute(host, scopes, put)) {
      if (response.code() != 201) {
        throw caller.failure(host, "upload of " + digest + " was not accepted", response);
      }
    }
  }

  private void putChunked(
      String host,
      List<String> scopes,
      HttpUrl location,
      Digest digest,
      Path file,
      long size,
      long chunkSize,
      FileProgress progress)
      throws IOException {
    long offset = 0;
    int resumes = 0;
    HttpUrl current = location;
    while (offset < size) {
      long end = Math.min(size, offset + chunkSize) - 1;
      Request patch =
          new Request.Builder()
              .url(current)
              .patch(new FileRegion(file, offset, end - offset + 1, progress))
              .header("Content-Range", offset + "-" + end)
              .build();
      try (Response response = caller.execute(host, scopes, patch)) {
        if (response.code() == 202) {
          current = location(response, current);
          offset = end + 1;
          continue;
        }
        if (response.code() == 416 && resumes < MAX_CHUNK_RESUMES) {
          resumes++;
          current = location(response, current);
          offset = uploadedSoFar(host, scopes, current) + 1;
          continue;
        }
        throw caller.failure(
            host, "chunk " + offset + "-" + end + " of " + digest + " failed", response);
      } catch (RegistryException e) {
        throw e;
      } catch (IOException e) {
        if (++resumes > MAX_CHUNK_RESUMES) {
          throw e;
        }
        offset = uploadedSoFar(host, scopes, current) + 1; // resume where the registry stopped
      }
    }
    Request close =
        new Request.Builder()
            .url(current.newBuilder().addQueryParameter("digest", digest.toString()).build())
            .put(RequestBody.create(new byte[0], OCTET_STREAM))
            .build();
    try (Response response = caller.execute(host, scopes, close)) {
      if (response.code() != 201) {
        throw caller.failure(host, "upload of " + digest + " was not accepted", response);
      }
    }
  }

  /** The last byte the registry holds of an upload session ({@code GET <location>}), or -1. */
  private long uploadedSoFar(String host, List<String> scopes, HttpUrl location)
      throws IOException {
    Request status = new Request.Builder().url(location).get().build();
    try (Response response = caller.execute(host, scopes, status)) {
      if (response.code() != 204 && response.code() != 200) {
        throw caller.failure(host, "cannot read the status of an upload", response);
      }
      String range = response.header("Range");
      if (range == null) {
        return -1;
      }
      int dash = range.indexOf('-');
      return dash < 0 ? -1 : Long.parseLong(range.substring(dash + 1).trim());
    }
  }

  private static HttpUrl location(Response response, HttpUrl base) throws IOException {
    String location = response.header("Location");
    HttpUrl url = location == null ? null : base.resolve(location);
    if (url == null) {
      throw new IOException(
          "the registry answered " + response.code() + " without an upload Location");
    }
    return url;
  }

  private static long headerLong(Response response, String name, long fallback) {
    String v = response.header(name);
    try {
      return v == null ? fallback : Long.parseLong(v.trim());
    } catch (NumberFormatException e) {
      return fallback;
    }
  }

  /** Reports the position in the file up to which bytes were sent. */
  private record FileProgress(Digest digest, TransferListener listener) {
    void sentUpTo(long position) {
      listener.progressed(digest, position);
    }
  }

  /** A part of a file as a request body that can be sent again (retries read it anew). */
  private static final class FileRegion extends RequestBody {
    private final Path file;
    private final long offset;
    private final long length;
    private final FileProgress progress;

    FileRegion(Path file, long offset, long length, FileProgress progress) {
      this.file = file;
      this.offset = offset;
      this.length = length;
      this.progress = progress;
    }

    @Override
    public String contentType() {
      return OCTET_STREAM;
    }

    @Override
    public long contentLength() {
      return length;
    }

    @Override
    public InputStream open() throws IOException {
      RandomAccessFile raf = new RandomAccessFile(file.toFile(), "r");
      InputStream in;
      try {
        in = java.nio.channels.Channels.newInputStream(raf.getChannel().position(offset));
      } catch (IOException | RuntimeException e) {
        raf.close(); // not handed out: nobody else would close it
        throw e;
      }
      return new BulkInputStream() {
        private long left = length;

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
          if (left == 0) {
            return -1;
          }
          int n = in.read(b, off, (int) Math.min(len, left));
          if (n < 0) {
            throw new IOException(file + " is shorter than expected");
          }
          left -= n;
          progress.sentUpTo(offset + length - left);
          return n;
        }

        @Override
        public void close() throws IOException {
          raf.close();
        }
      };
    }
  }
}
