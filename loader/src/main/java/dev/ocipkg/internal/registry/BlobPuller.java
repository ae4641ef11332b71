package dev.ocipkg.internal.registry;

import dev.ocipkg.Digest;
import dev.ocipkg.internal.http.Request;
import dev.ocipkg.internal.http.Response;
import dev.ocipkg.internal.io.BulkInputStream;
import dev.ocipkg.internal.source.NotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * {@code GET /v2/<name>/blobs/<digest>}: opens a blob's bytes as a stream; the caller verifies. A
 * download cut short is resumed with {@code Range} where the server allows it (206 with a matching
 * {@code Content-Range}), and restarted otherwise (the bytes already delivered are skipped), so the
 * reader sees one uninterrupted stream.
 *
 * <p>The stall rule bounds a body in time without a fixed deadline (a large blob on a slow link may
 * take long, honestly): a download that moves less than {@value #MIN_PROGRESS_BYTES} bytes within
 * the read timeout has stalled, and is cut and resumed like a broken connection. The wait for the
 * headers has the whole-call deadline of a document.
 */
public final class BlobPuller {
  /** Resumes per blob before giving up: each one must have made progress. */
  private static final int MAX_RESUMES = 8;

  /** Less than this within the read timeout is a stall (about 2 KiB/s at the default 30 s). */
  static final int MIN_PROGRESS_BYTES = 64 * 1024;

  private final RegistryCaller caller;

  public BlobPuller(RegistryCaller caller) {
    this.caller = caller;
  }

  public InputStream open(Repository repository, Digest digest, long size) throws IOException {
    return new ResumingStream(repository, digest, size);
  }

  /** Opens the blob from byte {@code offset}; returns the body and whether it starts there. */
  private Opened request(Repository repository, Digest digest, long offset) throws IOException {
    Request.Builder b =
        new Request.Builder().url(caller.endpoint(repository, "blobs", digest.toString())).get();
    if (offset > 0) {
      b.header("Range", "bytes=" + offset + "-");
    }
    Response response =
        caller.execute(
            repository.host(), List.of(repository.pullScope()), caller.blobRequest(b.build()));
    try {
      String where = repository + "@" + digest;
      if (response.code() == 404) {
        throw new NotFoundException(
            caller
                .failure(repository.host(), "blob " + where + " not found", response)
                .getMessage());
      }
      if (!response.isSuccessful()) {
        throw caller.failure(repository.host(), "cannot fetch blob " + where, response);
      }
      boolean resumed = offset > 0 && response.code() == 206 && startsAt(response, offset);
      return new Opened(response, resumed);
    } catch (IOException | RuntimeException e) {
      response.close();
      throw e;
    }
  }

  /**
   * Whether a 206 answer's {@code Content-Range: bytes START-END/TOTAL} starts at {@code offset}.
   */
  private static boolean startsAt(Response response, long offset) {
    String range = response.header("Content-Range");
    if (range == null || !range.startsWith("bytes ")) {
      return false;
    }
    int dash = range.indexOf('-');
    try {
      return dash > 6 && Long.parseLong(range.substring(6, dash).trim()) == offset;
    } catch (NumberFormatException e) {
      return false;
    }
  }

  private record Opened(Response response, boolean resumed) {}

  /** The blob's bytes, resuming or restarting the download when the connection breaks. */
  private final class ResumingStream extends BulkInputStream {
    private final Repository repository;
    private final Digest digest;
    private final long size;

    /** Volatile: {@link #close} may come from another thread, to stop the download. */
    private volatile Response response;

    private InputStream body;
    private long delivered;
    private int resumes;
    private volatile boolean closed;
    private final long stallWindowNanos;
    private long windowStartNanos;
    private long windowBytes;

    ResumingStream(Repository repository, Digest digest, long size) throws IOException {
      this.repository = repository;
      this.digest = digest;
      this.size = size;
      this.stallWindowNanos = caller.readTimeout().toNanos();
      Opened first = request(repository, digest, 0);
      this.response = first.response();
      this.body = first.response().body().byteStream();
      this.windowStartNanos = System.nanoTime();
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      while (true) {
        int n;
        try {
          n = body.read(b, off, len);
          if (n > 0) {
            requireProgress(n);
          }
        } catch (IOException e) {
          if (closed) {
            throw e; // closed by another thread to stop this download: no resuming
          }
          reopen(e);
          continue;
        }
        if (n < 0 && delivered < size) {
          reopen(
              new IOException(
                  "the connection closed after " + delivered + " of " + size + " bytes"));
          continue;
        }
        if (n > 0) {
          delivered += n;
        }
        return n;
      }
    }

    /**
     * Counts {@code n} bytes just read into the current window of the stall rule; throws if the
     * window has ended with too little.
     */
    private void requireProgress(int n) throws IOException {
      windowBytes += n;
      long now = System.nanoTime();
      if (now - windowStartNanos < stallWindowNanos) {
        return;
      }
      if (windowBytes < MIN_PROGRESS_BYTES && delivered + n < size) {
        long seconds = TimeUnit.NANOSECONDS.toSeconds(now - windowStartNanos);
        long got = windowBytes;
        windowStartNanos = now;
        windowBytes = 0;
        throw new IOException(
            "the download of "
                + digest
                + " from "
                + repository.host()
                + " stalled: "
                + got
                + " bytes in "
                + seconds
                + " s, less than the "
                + MIN_PROGRESS_BYTES
                + " bytes expected within the read timeout (ocipkg.read.timeout)");
      }
      windowStartNanos = now;
      windowBytes = 0;
    }

    /** Continues from {@code delivered}: by Range if the server agrees, else from the start. */
    private void reopen(IOException cause) throws IOException {
      response.close();
      if (closed) {
        throw cause;
      }
      if (++resumes > MAX_RESUMES) {
        IOException e =
            new IOException(
                "download of "
                    + digest
                    + " from "
                    + repository.host()
                    + " broke "
                    + MAX_RESUMES
                    + " times",
                cause);
        throw e;
      }
      Opened next;
      try {
        next = request(repository, digest, delivered);
      } catch (IOException e) {
        e.addSuppressed(cause);
        throw e;
      }
      response = next.response();
      if (closed) {
        // closed by another thread while the request was out: that close may have missed this one
        response.close();
        throw cause;
      }
      body = response.body().byteStream();
      windowStartNanos = System.nanoTime();
      windowBytes = 0;
      if (!next.resumed()) {
        // The server sent the whole blob again: skip what the reader already has.
        long toSkip = delivered;
        byte[] scratch = new byte[64 * 1024];
        while (toSkip > 0) {
          int n = body.read(scratch, 0, (int) Math.min(scratch.length, toSkip));
          if (n < 0) {
            throw new IOException("the restarted download of " + digest + " ended early", cause);
          }
          toSkip -= n;
          requireProgress(n); // a server that trickles the bytes to skip stalls like any other
        }
      }
    }

    @Override
    public void close() {
      closed = true;
      response.close();
    }
  }
}
