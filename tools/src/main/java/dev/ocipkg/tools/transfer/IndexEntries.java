package dev.ocipkg.tools.transfer;

import dev.ocipkg.ImageReference;
import dev.ocipkg.internal.PlatformManifests;
import dev.ocipkg.internal.oci.ImageIndex;
import dev.ocipkg.internal.oci.OciJson;
import dev.ocipkg.internal.source.ContentSource;
import dev.ocipkg.internal.source.FetchedManifest;
import java.io.IOException;
import java.util.List;

/** The platform entries of a multi-platform index, for the commands that take every platform. */
final class IndexEntries {
  private final ImageSources sources;

  IndexEntries(ImageSources sources) {
    this.sources = sources;
  }

  /**
   * The entries of the index {@code reference} names, nested indexes walked.
   *
   * @param command the command, for the message when {@code reference} is a single manifest
   * @throws IllegalArgumentException if {@code reference} names a single manifest
   */
  List<PlatformManifests.Entry> of(ImageReference reference, String command) throws IOException {
    try (ContentSource source = sources.open(reference)) {
      FetchedManifest top = source.fetchManifest(reference.tag(), reference.digest());
      if (!(OciJson.parse(top.bytes(), top.contentType(), source.name()) instanceof ImageIndex)) {
        throw new IllegalArgumentException(
            reference
                + " is a single manifest, not a multi-platform index; "
                + command
                + " it without --all-platforms");
      }
      return new PlatformManifests(source, source.name() + " " + reference).all(top);
    }
  }
}
