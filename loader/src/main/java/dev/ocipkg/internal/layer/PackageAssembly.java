package dev.ocipkg.internal.layer;

import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * Builds one package folder from its layers, all extracted at the same time, each as it streams in:
 * the first straight into the package folder, each later one into a staging folder of its own,
 * {@linkplain PackageWriter#merge merged} into the package folder in manifest order as soon as the
 * layers before it are there. The result is what extracting them one after the other makes: a later
 * layer's entry replaces an older one's at its path whichever arrived first, folders merge,
 * whiteouts and opaque folders hide only older layers' entries, and a hard link to a file that its
 * own layer did not write waits until the older layers are in place.
 *
 * <p>Thread-safe: {@link #extract} runs once per layer, each on a thread of its own (or one after
 * the other, in manifest order, on one thread). When one fails, the caller calls {@link #abandon}
 * (which wakes the layers waiting for older ones), waits for the others to end and discards the
 * package folder and the staging folders.
 */
public final class PackageAssembly {
  private final LayerExtractor extractor;
  private final Path packageDir;
  private final List<Path> stagingDirs;
  private final ExtractedTree tree;

  /** Layers extracted apart and not merged yet, by index; guarded by {@code this}. */
  private final List<@Nullable StagedLayer> waiting;

  /** Whether each layer's {@link #extract} was called; guarded by {@code this}. */
  private final boolean[] started;

  /** Whether each layer is extracted; guarded by {@code this}. */
  private final boolean[] extracted;

  /** Layers in the package folder, from the first; guarded by {@code this}. */
  private int merged;

  private @Nullable String abandonedBecause;

  /**
   * @param layers how many layers the package has; none makes an empty package
   * @param packageDir the (empty) folder the package is built in
   * @param stagingDirs one empty folder for each layer after the first, on the file system of
   *     {@code packageDir}
   * @param readAhead whether each layer is read and decompressed on a thread of its own while
   *     another writes its files
   */
  public PackageAssembly(
      int layers,
      Path packageDir,
      List<Path> stagingDirs,
      ExtractionLimits limits,
      boolean readAhead) {
    if (stagingDirs.size() != Math.max(0, layers - 1)) {
      throw new IllegalArgumentException(
          layers + " layers need " + Math.max(0, layers - 1) + " staging folders");
    }
    this.extractor = new LayerExtractor(limits, readAhead);
    this.packageDir = Objects.requireNonNull(packageDir, "packageDir");
    this.stagingDirs = List.copyOf(stagingDirs);
    this.tree = new ExtractedTree(packageDir);
    this.waiting = new ArrayList<>();
    for (int i = 0; i < layers; i++) {
      waiting.add(null);
    }
    this.started = new boolean[layers];
    this.extracted = new boolean[started.length];
  }

  /** The number of layers. */
  public int layers() {
    return started.length;
  }

  /**
   * Extracts layer {@code index} (from 0, in manifest order) from {@code layer}, as {@link
   * LayerExtractor#extract} does, then merges what can be merged. Returns once the layer is
   * extracted, merged or not.
   *
   * @throws UnsupportedLayerException if the media type is none that this class reads
   * @throws UnsafeLayerException if an entry is refused, or the merge refuses one
   * @throws IOException if the layer is corrupt, the file system fails, or the assembly was
   *     abandoned while this layer waited for older ones
   */
  public void extract(
      int index, InputStream layer, String mediaType, Map<String, String> annotations, String name)
      throws IOException {
    start(index);
    if (index == 0) {
      extractor.extract(layer, mediaType, annotations, name, packageDir, tree, OlderLayers.NONE);
      extracted(0, null);
      return;
    }
    Path directory = stagingDirs.get(index - 1);
    StagedLayer staged = new StagedLayer(index, name);
    staged.writer =
        extractor.extract(
            layer, mediaType, annotations, name, directory, new ExtractedTree(directory), staged);
    extracted(index, staged);
  }

  /** Wakes the layers that wait for older ones: they fail, naming {@code reason}. */
  public synchronized void abandon(String reason) {
    if (abandonedBecause == null) {
      abandonedBecause = reason;
    }
    notifyAll();
  }

  /**
   * Checks, once every layer is extracted and merged, that the package folder holds exactly what
   * they made, as {@link LayerExtractor#checkExtracted} does.
   */
  public synchronized void checkExtracted(String what) throws IOException {
    if (merged != started.length) {
      throw new IllegalStateException(
          merged + " of " + started.length + " layers of " + what + " are in place");
    }
    tree.check(what);
  }

  private synchronized void start(int index) {
    Objects.checkIndex(index, started.length);
    if (started[index]) {
      throw new IllegalStateException("layer " + index + " is extracted twice");
    }
    started[index] = true;
  }

  /** Layer {@code index} is extracted: merges it, and the extracted ones after it, if it can. */
  private synchronized void extracted(int index, @Nullable StagedLayer staged) throws IOException {
    waiting.set(index, staged);
    extracted[index] = true;
    try {
      while (merged < started.length && extracted[merged]) {
        @Nullable StagedLayer next = waiting.set(merged, null);
        if (next != null) {
          extractor
              .writer(packageDir, next.name, tree, OlderLayers.NONE)
              .merge(next.writer(), next.whiteouts);
        }
        merged++;
      }
    } catch (IOException | RuntimeException e) {
      abandon("merging layer " + merged + " failed: " + e.getMessage());
      throw e;
    } finally {
      notifyAll();
    }
  }

  /** Waits until the layers before {@code index} are in the package folder. */
  private synchronized void awaitOlderThan(int index, String name) throws IOException {
    while (merged < index && abandonedBecause == null) {
      try {
        wait();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new InterruptedIOException(
            "layer " + name + ": interrupted waiting for older layers");
      }
    }
    if (merged < index) {
      throw new IOException("layer " + name + ": abandoned (" + abandonedBecause + ")");
    }
  }

  /** A layer extracted apart, and what it sees of the older ones. */
  private final class StagedLayer implements OlderLayers {
    final int index;
    final String name;

    /** The whiteout entries the layer applied, in order; only its own thread adds. */
    final List<PackagePath> whiteouts = new ArrayList<>();

    /** Where the layer wrote a file or link; only its own thread adds. */
    final Set<PackagePath> replaced = new HashSet<>();

    @Nullable PackageWriter writer;

    StagedLayer(int index, String name) {
      this.index = index;
      this.name = name;
    }

    PackageWriter writer() {
      return Objects.requireNonNull(writer, "extracted");
    }

    @Override
    public void whiteout(PackagePath whiteout) {
      whiteouts.add(whiteout);
    }

    @Override
    public void replaced(PackagePath path) {
      replaced.add(path);
    }

    @Override
    public @Nullable Path entry(PackagePath path, String entry) throws IOException {
      awaitOlderThan(index, name);
      for (PackagePath whiteout : whiteouts) {
        if (PackageWriter.hides(whiteout, path)) {
          return null;
        }
      }
      for (PackagePath p = path.parent(); !p.isRoot(); p = p.parent()) {
        if (replaced.contains(p)) {
          return null; // a file or link of this layer replaced a folder on the way
        }
      }
      // Only this layer's merge changes the package folder from now on, and it waits for this.
      @Nullable Path parent =
          PackageWriter.existingDirectory(packageDir, path.parent(), name, entry);
      return parent == null ? null : parent.resolve(path.fileName());
    }
  }
}
