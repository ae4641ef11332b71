package dev.ocipkg.internal.layer;

import dev.ocipkg.internal.io.DaemonThreads;
import dev.ocipkg.internal.io.Failures;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import org.jspecify.annotations.Nullable;

/**
 * Reads a stream ahead on a thread of its own, through a few buffers, so that the two halves of a
 * layer's work overlap on two cores: the reader thread pulls the layer from the network or the
 * disk, hashes it, copies it into the store and decompresses it, while the caller parses the tar
 * and writes the files.
 *
 * <p>The reader runs at most {@value #CHUNKS_IN_FLIGHT} chunks of {@value #CHUNK_BYTES} bytes
 * ahead, so memory stays bounded and a decompression bomb is still stopped by the caller's byte
 * budget. A failure of the source reaches the caller as the same exception, after the bytes read
 * before it. {@link #close} stops the reader and waits for it; the reader closes the source. Once
 * this stream is closed the caller may read what lies under the source again (to drain it for its
 * digest).
 */
final class ReadAheadInputStream extends InputStream {
  static final int CHUNK_BYTES = 256 * 1024;
  static final int CHUNKS_IN_FLIGHT = 4;

  private static final DaemonThreads READERS = new DaemonThreads("ocipkg-read");

  /** A chunk of bytes, the end of the source ({@code length < 0}), or its failure. */
  private static final class Chunk {
    final byte[] bytes;
    final int length;
    final @Nullable Throwable failure;

    Chunk(byte[] bytes, int length, @Nullable Throwable failure) {
      this.bytes = bytes;
      this.length = length;
      this.failure = failure;
    }
  }

  private static final Chunk END = new Chunk(new byte[0], -1, null);

  private final InputStream source;
  private final BlockingQueue<Chunk> filled = new ArrayBlockingQueue<>(CHUNKS_IN_FLIGHT + 1);
  private final BlockingQueue<byte[]> free = new ArrayBlockingQueue<>(CHUNKS_IN_FLIGHT);
  private final Thread reader;
  private volatile boolean closed;
  private @Nullable Chunk current;
  private int position;
  private boolean ended;
  private @Nullable Throwable endFailure;

  private ReadAheadInputStream(InputStream source) {
    this.source = source;
    for (int i = 0; i < CHUNKS_IN_FLIGHT; i++) {
      free.add(new byte[CHUNK_BYTES]);
    }
    this.reader = READERS.newThread(this::readAhead);
  }

  /** Starts reading {@code source} ahead. The result owns {@code source} and closes it. */
  static ReadAheadInputStream start(InputStream source) throws IOException {
    ReadAheadInputStream stream = new ReadAheadInputStream(source);
    try {
      stream.reader.start();
    } catch (Error | RuntimeException e) { // no thread to be had: the source is still ours
      source.close();
      throw e;
    }
    return stream;
  }

  private void readAhead() {
    Throwable failure = null;
    boolean delivered = false;
    try {
      while (!closed) {
        byte[] buffer = free.take();
        int n = 0;
        boolean atEnd = false;
        try {
          while (n < buffer.length && !closed) {
            int read = source.read(buffer, n, buffer.length - n);
            if (read < 0) {
              atEnd = true;
              break;
            }
            n += read;
          }
        } catch (Throwable e) { // whatever the source throws, even undeclared, is the caller's
          failure = e;
        }
        if (closed) {
          return;
        }
        if (n > 0) {
          filled.put(new Chunk(buffer, n, null)); // the bytes before an end or a failure first
        }
        if (failure != null || atEnd) {
          // Never blocks: filled holds one more than there are buffers.
          filled.put(new Chunk(END.bytes, -1, failure));
          delivered = true;
          return;
        }
      }
    } catch (InterruptedException e) {
      // only the JVM interrupts this thread (this class never does): stop
    } finally {
      if (!delivered && !closed) {
        // Stopped without an end to hand over: the caller must not wait for bytes forever.
        filled.offer(
            new Chunk(
                END.bytes,
                -1,
                failure != null
                    ? failure
                    : new InterruptedIOException("the layer's reader stopped")));
      }
      try {
        source.close();
      } catch (IOException e) {
        // the source's own resources (an Inflater); nothing to report
      }
    }
  }

  @Override
  public int read() throws IOException {
    Chunk c = chunk();
    if (c == null) {
      return -1;
    }
    return c.bytes[position++] & 0xff;
  }

  @Override
  public int read(byte[] b, int off, int len) throws IOException {
    if (len == 0) {
      return 0;
    }
    Chunk c = chunk();
    if (c == null) {
      return -1;
    }
    int n = Math.min(len, c.length - position);
    System.arraycopy(c.bytes, position, b, off, n);
    position += n;
    return n;
  }

  /** The chunk with bytes left to read, taking the next one if need be; null at the end. */
  private @Nullable Chunk chunk() throws IOException {
    if (closed) {
      throw new IOException("stream closed");
    }
    Chunk c = current;
    if (c != null && position < c.length) {
      return c;
    }
    if (c != null) {
      free.add(c.bytes);
      current = null;
    }
    if (ended) {
      if (endFailure != null) {
        throw new IOException("the layer's stream failed: " + endFailure.getMessage(), endFailure);
      }
      return null;
    }
    Chunk next;
    try {
      next = filled.take();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InterruptedIOException("interrupted while waiting for the layer's bytes");
    }
    if (next.length < 0) {
      ended = true;
      endFailure = next.failure;
      if (endFailure != null) {
        throw Failures.rethrow(endFailure);
      }
      return null;
    }
    current = next;
    position = 0;
    return next;
  }

  @Override
  public int available() {
    Chunk c = current;
    return c == null ? 0 : c.length - position;
  }

  /**
   * Stops the reader and waits until it has let go of the source (which it closes). The reader is
   * never interrupted: an interrupt would close a file channel under it, such as the store's copy
   * of the blob that the source writes as it is read. It stops after the read in progress instead,
   * while this drains what it hands over.
   */
  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    boolean interrupted = false;
    while (reader.isAlive()) {
      for (Chunk c = filled.poll(); c != null; c = filled.poll()) {
        if (c.length > 0) {
          free.offer(c.bytes);
        }
      }
      try {
        reader.join(10);
      } catch (InterruptedException e) {
        interrupted = true;
      }
    }
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
  }
}
