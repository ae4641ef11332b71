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

  /** What is done to a blob. */
  enum Action {
    PULL,
    COPY,
    PUSH,
    PACK;

    /** {@code pull}, {@code copy}, …: as a front end shows it. */
    @Override
    public String toString() {
      return name().toLowerCase(java.util.Locale.ROOT);
    }
  }

  /** What became of a blob. */
  enum Outcome {
    /** Downloaded into the cache. */
    PULLED,
    /** Copied into a layout. */
    COPIED,
    /** Sent to a registry. */
    UPLOADED,
    /** Mounted from another repository of the registry. */
    MOUNTED,
    /** Already at the target. */
    EXISTS,
    /** Written by packing. */
    WRITTEN;

    /** {@code pulled}, {@code uploaded}, …: as a front end shows it. */
    @Override
    public String toString() {
      return name().toLowerCase(java.util.Locale.ROOT);
    }
  }

  /** A blob transfer begins. */
  default void started(Action action, Digest digest, long size) {}

  /** {@code done} of the blob's bytes have moved so far. */
  default void progressed(Digest digest, long done) {}

  /** A blob is done, with {@code outcome}. */
  default void finished(Digest digest, long size, Outcome outcome) {}

  /** A manifest or index was written or pushed, under {@code name} (a digest or a tag). */
  default void manifestWritten(Digest digest, String name) {}
}
