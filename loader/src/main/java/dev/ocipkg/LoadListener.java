package dev.ocipkg;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * What a loader reports as it works, for metrics, logs or a progress display: set with {@link
 * NativeLoader.Builder#listener(LoadListener)}. Every method does nothing by default, so a listener
 * overrides only what it needs.
 *
 * <p>Calls come from the threads doing the work, several at once where layers download in parallel:
 * an implementation must be thread-safe and quick. An exception a listener throws is logged (as a
 * warning, once per listener method) and does not change the load. A warm load reports {@link
 * #resolved} (and {@link #linked} when it links) and nothing else.
 */
public interface LoadListener {
  /** A listener that reports nothing. */
  LoadListener NONE = new LoadListener() {};

  /** A reference was resolved to a package: {@code event.source()} says from where. */
  default void resolved(Resolved event) {}

  /** Bytes of a blob arrived (cold path only; at most every 64 KiB or so). */
  default void bytesMoved(BytesMoved event) {}

  /**
   * A package satisfied the trust policy ({@code ocipkg.policy}) before any file of it was used.
   */
  default void verified(Verified event) {}

  /** A package was extracted into the cache, complete (cold path only). */
  default void extracted(Extracted event) {}

  /** A library of a package was linked through JNA, JNI or the FFM API. */
  default void linked(Linked event) {}

  /** A load or link failed; {@code event.exception()} is what the caller receives. */
  default void failed(Failed event) {}

  /** Where a resolved package came from. */
  enum Source {
    /** The writable cache, with no request to anywhere (the warm path). */
    CACHE,
    /** A read-only cache ({@code ocipkg.cache.readonly}), with no request to anywhere. */
    READ_ONLY_CACHE,
    /** Fetched now from a registry or mirror. */
    REGISTRY,
    /** Read now from an OCI layout or oci-archive. */
    LOCAL
  }

  /**
   * @param reference the reference as asked for (a tag a lock file pins: with that digest)
   * @param manifest the platform manifest whose package it is
   * @param directory the package's folder
   * @param source where it came from
   * @param took from the call to the package being ready
   */
  record Resolved(
      ImageReference reference, Digest manifest, Path directory, Source source, Duration took) {}

  /**
   * @param blob the blob
   * @param moved bytes of it arrived so far
   * @param size its size
   */
  record BytesMoved(Digest blob, long moved, long size) {}

  /**
   * @param reference the reference
   * @param digest the digest that was verified (what the reference resolved to)
   * @param acceptedBy per requirement of the policy, what satisfied it
   */
  record Verified(ImageReference reference, Digest digest, List<String> acceptedBy) {
    public Verified {
      acceptedBy = List.copyOf(acceptedBy);
    }
  }

  /**
   * @param reference the reference
   * @param manifest the platform manifest
   * @param directory the package's folder, now in the cache
   * @param took the fetch, verification and extraction of it
   */
  record Extracted(ImageReference reference, Digest manifest, Path directory, Duration took) {}

  /** How a library was linked. */
  enum Linkage {
    JNA,
    JNI,
    FFM
  }

  /**
   * @param reference the package's reference
   * @param library the file linked
   * @param linkage through what
   */
  record Linked(ImageReference reference, Path library, Linkage linkage) {}

  /**
   * @param reference the reference as asked for, or null where it did not parse
   * @param exception what the caller receives
   */
  record Failed(@Nullable ImageReference reference, NativeLoadException exception) {}
}
