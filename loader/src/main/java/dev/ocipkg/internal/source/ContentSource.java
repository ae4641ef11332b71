package dev.ocipkg.internal.source;

import dev.ocipkg.Digest;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import org.jspecify.annotations.Nullable;

/**
 * A place that serves manifests and blobs of one repository: a registry repository, an OCI image
 * layout, or an oci-archive.
 */
public interface ContentSource extends Closeable {
  /** Where the content comes from, for messages: a registry host, or {@code oci:PATH}. */
  String name();

  /**
   * Fetches the manifest or index that {@code tag} or {@code digest} names, verified: against
   * {@code digest} where given, otherwise against the digest the source declares, if any.
   *
   * @param tag the tag to resolve, or null where {@code digest} is given (or, for a local layout
   *     holding one image, where neither is)
   * @param digest the digest to fetch, or null
   */
  FetchedManifest fetchManifest(@Nullable String tag, @Nullable Digest digest) throws IOException;

  /**
   * Opens the raw bytes of a blob. The caller verifies size and digest as it reads; a source may
   * check nothing.
   */
  InputStream openBlob(Digest digest, long size) throws IOException;

  @Override
  default void close() throws IOException {}
}
