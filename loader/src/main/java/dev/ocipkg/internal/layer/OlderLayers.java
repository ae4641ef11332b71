package dev.ocipkg.internal.layer;

import java.io.IOException;
import java.nio.file.Path;
import org.jspecify.annotations.Nullable;

/**
 * What a layer extracted apart from its package's older layers (into a staging folder of its own,
 * while they extract) needs of them: its whiteouts, kept to be applied to them when it is merged,
 * and the entries its hard links name where it wrote none.
 */
interface OlderLayers {
  /** For a layer extracted in place over the older layers, or with none: nothing to add. */
  OlderLayers NONE =
      new OlderLayers() {
        @Override
        public void whiteout(PackagePath whiteout) {}

        @Override
        public void replaced(PackagePath path) {}

        @Override
        public @Nullable Path entry(PackagePath path, String entry) {
          return null;
        }
      };

  /** The layer applied the whiteout entry {@code whiteout}; it hides older entries too. */
  void whiteout(PackagePath whiteout);

  /**
   * The layer wrote a file or link at {@code path}: what the older layers had there, a folder and
   * all below it included, is gone, even where the layer makes a folder there again later.
   */
  void replaced(PackagePath path);

  /**
   * What the older layers left at {@code path}, as this layer sees it so far (its own whiteouts
   * applied), once they are all in place; null if nothing.
   *
   * @param entry the entry that asks, for messages
   */
  @Nullable Path entry(PackagePath path, String entry) throws IOException;
}
