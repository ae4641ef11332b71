package dev.ocipkg.internal.io;

import dev.ocipkg.Digest;

/**
 * What a pack, push, pull or copy reports as it goes, for a front end to render (a progress bar in
 * the command line, the Maven log in the plugin). Every method does nothing by default; calls come
 * from the threads doing the work, several at once where a pull downloads layers in parallel, so an
 * implementation must be thread-safe.
 */
public interface TransferListener {
  /** A listener that reports nothing. */
  TransferListener NONE = new TransferListener() {};

  /**
   * A blob transfer begins.
   *
   * @param action what is done to it: {@code push}, {@code copy}, {@code pack}, {@code pull}
   */
  default void started(String action, Digest digest, long size) {}

  /** {@code done} of the blob's bytes have moved so far. */
  default void progressed(Digest digest, long done) {}

  /**
   * A blob is done.
   *
   * @param outcome what happened: {@code uploaded}, {@code exists}, {@code mounted}, {@code
   *     copied}, {@code written}, {@code pulled}
   */
  default void finished(Digest digest, long size, String outcome) {}

  /** A manifest or index was written or pushed, under {@code name} (a digest or a tag). */
  default void manifestWritten(Digest digest, String name) {}
}
