package dev.ocipkg.internal.layer;

import dev.ocipkg.internal.io.ForeignText;
import dev.ocipkg.internal.io.LazyLogger;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Unpacks the layers of one package, as they stream in, into the package's private directory.
 *
 * <p>The caller hands over the layer stream it is hashing; this class decompresses it as the media
 * type says, reads the tar up to its end-of-archive marker and returns, leaving the rest of the
 * stream (tar padding, compressor trailer) unread and the stream open, so that the caller can drain
 * it and complete its digest. Extraction happens before that digest is known: the caller must
 * discard the directory if the digest does not match.
 *
 * <p>What is refused, with an {@link UnsafeLayerException} naming layer, entry and reason: absolute
 * names, {@code ..} components, links whose target leaves the package, hard links to anything but
 * an already extracted regular file, writing or deleting through a symbolic link, devices and
 * FIFOs, names that Windows cannot hold, and content beyond the {@link ExtractionLimits}. Setuid,
 * setgid and sticky bits, and write permission for group and others, are dropped. Later entries, of
 * the same or a later layer, replace earlier ones; OCI whiteouts are applied.
 *
 * <p>One instance serves one package: its budget is shared by the layers, which {@link #extract}
 * unpacks one at a time, in manifest order, each over the ones before; a {@link PackageAssembly}
 * uses it to extract them all at once instead. {@link #extract} is not thread-safe; what a {@code
 * PackageAssembly} calls is (the budget is shared under a lock).
 */
public final class LayerExtractor {
  private static final System.Logger LOG = LazyLogger.of(LayerExtractor.class);
  private static final int BUFFER_SIZE = 128 * 1024;

  private final ExtractionBudget budget;
  private final boolean readAhead;
  private @Nullable ExtractedTree tree;

  public LayerExtractor(ExtractionLimits limits) {
    this(limits, true);
  }

  /**
   * @param readAhead whether the layer is read (and decompressed) on a second thread while this one
   *     writes the files; false for one thread doing both, as on a single core
   */
  public LayerExtractor(ExtractionLimits limits, boolean readAhead) {
    this.budget = new ExtractionBudget(Objects.requireNonNull(limits, "limits"));
    this.readAhead = readAhead;
  }

  /**
   * Whether {@link #extract} can read a layer of this media type with these annotations, so that a
   * caller can refuse a package before downloading it.
   */
  public static boolean supports(String mediaType, Map<String, String> annotations) {
    return LayerFormat.of(mediaType, annotations) != null;
  }

  /**
   * Extracts one layer into {@code packageDir}.
   *
   * @param layer the layer blob as it arrives; read up to the end of the archive (to its end for an
   *     ORAS single-file layer) and never closed
   * @param mediaType the layer descriptor's media type, which alone decides the decompression
   * @param annotations the layer descriptor's annotations (ORAS title and unpack)
   * @param packageDir an existing directory private to this extraction
   * @param layerName how messages name the layer, usually its digest
   * @throws UnsupportedLayerException if the media type is none that this class reads
   * @throws UnsafeLayerException if an entry is refused; the directory must then be discarded
   * @throws IOException if the layer is corrupt or the file system fails, with the layer named
   */
  public void extract(
      InputStream layer,
      String mediaType,
      Map<String, String> annotations,
      Path packageDir,
      String layerName)
      throws IOException {
    LayerFormat format = formatOf(mediaType, annotations, layerName);
    PackageWriter writer = writer(packageDir, layerName, treeOf(packageDir), OlderLayers.NONE);
    extract(layer, format, mediaType, layerName, writer);
  }

  /**
   * Extracts one layer of a {@link PackageAssembly} into {@code directory}, with {@code older}
   * standing for the layers before it.
   *
   * @return the writer that wrote it, to merge it with
   */
  PackageWriter extract(
      InputStream layer,
      String mediaType,
      Map<String, String> annotations,
      String layerName,
      Path directory,
      ExtractedTree tree,
      OlderLayers older)
      throws IOException {
    LayerFormat format = formatOf(mediaType, annotations, layerName);
    PackageWriter writer = writer(directory, layerName, tree, older);
    extract(layer, format, mediaType, layerName, writer);
    return writer;
  }

  /** A writer of the layer {@code layerName} into {@code directory}, over what is there. */
  PackageWriter writer(Path directory, String layerName, ExtractedTree tree, OlderLayers older)
      throws IOException {
    requireDirectory(directory, layerName);
    return new PackageWriter(directory, layerName, budget, tree, new byte[BUFFER_SIZE], older);
  }

  private static LayerFormat formatOf(
      String mediaType, Map<String, String> annotations, String layerName)
      throws UnsupportedLayerException {
    @Nullable LayerFormat format = LayerFormat.of(mediaType, annotations);
    if (format == null) {
      throw new UnsupportedLayerException(layerName, mediaType);
    }
    return format;
  }

  private static void requireDirectory(Path directory, String layerName) throws IOException {
    if (!Files.isDirectory(directory)) {
      throw new IOException(
          "layer " + layerName + ": package directory " + directory + " does not exist");
    }
  }

  private void extract(
      InputStream layer,
      LayerFormat format,
      String mediaType,
      String layerName,
      PackageWriter writer)
      throws IOException {
    InputStream shielded = new NonClosingInputStream(layer);
    try {
      switch (format.kind()) {
        case TAR:
          try (InputStream tar = readAhead(format.compression().decompress(shielded))) {
            extractTar(tar, writer, PackagePath.ROOT, layerName);
          }
          break;
        case ORAS_DIRECTORY:
          PackagePath directory = orasTitle(format, layerName);
          try (InputStream tar = readAhead(format.compression().decompress(shielded))) {
            extractTar(tar, writer, directory, layerName);
          }
          break;
        case ORAS_FILE:
          PackagePath file = orasTitle(format, layerName);
          budget.chargeEntry(layerName, file.toString());
          try (InputStream content = readAhead(shielded)) {
            // No mode travels with an ORAS file; libraries need r-x, so everybody gets it.
            writer.file(file, 0755, content, -1);
          }
          break;
      }
    } catch (UnsafeLayerException | UnsupportedLayerException e) {
      throw e;
    } catch (IOException e) {
      throw new IOException(
          "layer "
              + layerName
              + " ("
              + ForeignText.escape(mediaType)
              + "): extraction failed: "
              + e.getMessage(),
          e);
    }
  }

  private ExtractedTree treeOf(Path packageDir) {
    if (tree == null) {
      tree = new ExtractedTree(packageDir);
    } else if (!tree.root().equals(packageDir)) {
      throw new IllegalStateException(
          "one extractor serves one package: " + tree.root() + ", not " + packageDir);
    }
    return tree;
  }

  /**
   * Checks, just before the package is published, that its folder holds exactly what the layers
   * extracted so far wrote: every file (with its size), folder and link, and nothing else.
   *
   * @param what how the message names the package
   * @throws IOException naming what is missing, changed or unexpected, if the folder was changed
   *     from outside while it was extracted
   */
  public void checkExtracted(String what) throws IOException {
    if (tree != null) {
      tree.check(what);
    }
  }

  /**
   * {@code source}, read on a thread of its own (fetching, hashing, copying, decompressing) while
   * this thread parses and writes, unless this extractor was made to work on one thread.
   */
  private InputStream readAhead(InputStream source) throws IOException {
    return readAhead ? ReadAheadInputStream.start(source) : source;
  }

  /**
   * Bytes charged to the budget so far, over all layers: file content written, plus the few bytes
   * of extended tar headers and of content skipped (whiteouts).
   */
  public long bytesWritten() {
    return budget.bytes();
  }

  /** Entries extracted so far, over all layers. */
  public long entriesExtracted() {
    return budget.entries();
  }

  private void extractTar(
      InputStream tar, PackageWriter writer, PackagePath requiredPrefix, String layerName)
      throws IOException {
    TarReader reader = new TarReader(tar, layerName, budget);
    for (@Nullable TarEntry entry = reader.next(); entry != null; entry = reader.next()) {
      budget.chargeEntry(layerName, entry.name());
      PackagePath path = PackagePath.parse(entry.name(), layerName);
      if (!path.startsWith(requiredPrefix)) {
        throw new UnsafeLayerException(
            layerName,
            entry.name(),
            "outside the directory \"" + requiredPrefix + "\" that the ORAS title names");
      }
      if ((entry.mode() & 07000) != 0) {
        LOG.log(
            System.Logger.Level.DEBUG,
            "layer {0}: dropping setuid/setgid/sticky bits ({1}) of {2}",
            layerName,
            Integer.toOctalString(entry.mode() & 07000),
            entry.name());
      }
      if (PackageWriter.isWhiteout(path)) {
        budget.chargeBytes(entry.size(), layerName, entry.name()); // skipped, but decompressed
        writer.whiteout(path);
        continue;
      }
      switch (entry.type()) {
        case FILE:
          writer.file(path, entry.mode(), reader.content(), entry.size());
          break;
        case DIRECTORY:
          budget.chargeBytes(entry.size(), layerName, entry.name()); // a GNU dumpdir listing
          writer.directory(path, entry.mode());
          break;
        case SYMLINK:
          writer.symlink(path, entry.linkName());
          break;
        case HARD_LINK:
          writer.hardLink(path, hardLinkTarget(entry, layerName));
          break;
        case CHARACTER_DEVICE:
          throw new UnsafeLayerException(layerName, entry.name(), "character device");
        case BLOCK_DEVICE:
          throw new UnsafeLayerException(layerName, entry.name(), "block device");
        case FIFO:
          throw new UnsafeLayerException(layerName, entry.name(), "FIFO (named pipe)");
        case UNSUPPORTED:
          throw new UnsafeLayerException(
              layerName,
              entry.name(),
              "unsupported tar entry type '"
                  + ForeignText.escape(String.valueOf(entry.typeFlag()))
                  + "'"
                  + (entry.typeFlag() == 'S' ? " (GNU sparse file)" : ""));
      }
    }
  }

  private static PackagePath hardLinkTarget(TarEntry entry, String layerName)
      throws UnsafeLayerException {
    try {
      return PackagePath.parse(entry.linkName(), layerName);
    } catch (UnsafeLayerException e) {
      throw new UnsafeLayerException(
          layerName,
          entry.name(),
          "hard link to \"" + ForeignText.escape(entry.linkName()) + "\": " + e.reason());
    }
  }

  private static PackagePath orasTitle(LayerFormat format, String layerName)
      throws UnsafeLayerException {
    String title = Objects.requireNonNull(format.title());
    PackagePath path = PackagePath.parse(title, layerName);
    if (path.isRoot()) {
      throw new UnsafeLayerException(layerName, title, "an ORAS title must name a file");
    }
    return path;
  }
}
