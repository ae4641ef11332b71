package dev.ocipkg.internal.layer;

import dev.ocipkg.internal.io.FileTrees;
import dev.ocipkg.internal.io.LazyLogger;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * Writes the entries of one layer into a package directory, never through a link.
 *
 * <p>Every directory on the way to an entry is checked without following links (and created if
 * missing); an existing symbolic link there is refused rather than followed. The entry itself
 * replaces whatever was at its path (last one wins, as when layers are stacked): the old entry is
 * deleted, never opened, and files are created with {@code CREATE_NEW} and {@code NOFOLLOW_LINKS}.
 * Permission bits keep the owner's execute bit and drop setuid, setgid, sticky and group/other
 * write, and the umask has its say: no bit that the package folder itself lacks (made as the umask
 * allows) is given. Folders also get group write where the umask allows it and keep the setgid bit
 * they inherit, so that in a cache shared by a group another user can remove a package (or what a
 * dead process left half-extracted); files never get write for anyone but their owner.
 *
 * <p>A layer extracted apart from its package's older layers (into a staging folder of its own,
 * while they extract) is written the same way, with {@link OlderLayers} standing for them; then
 * {@link #merge} moves it into the package folder once the older layers are there, with the result
 * of extracting it in place over them.
 */
final class PackageWriter {
  private static final System.Logger LOG = LazyLogger.of(PackageWriter.class);
  private static final Set<OpenOption> CREATE_FILE =
      Set.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE, LinkOption.NOFOLLOW_LINKS);
  private static final String WHITEOUT = ".wh.";
  private static final int SETGID = 02000;
  private static final String OPAQUE_WHITEOUT = ".wh..wh..opq";

  private final Path root;
  private final String layer;
  private final ExtractionBudget budget;
  private final ExtractedTree tree;
  private final byte[] buffer;
  private final OlderLayers older;
  private final boolean posix;

  /**
   * The package folder's mode, as the umask made it (and setgid where a shared cache's folder
   * passed the bit on): what the entries may have at most. 0777 where it cannot be read.
   */
  private final int rootMode;

  /** Directories known to be real (not links) since the last deletion. */
  private final Set<Path> realDirectories = new HashSet<>();

  /** Paths that this layer wrote, and their ancestors: whiteouts hide only older layers. */
  private final Set<PackagePath> writtenByThisLayer = new HashSet<>();

  /**
   * Paths where this layer wrote a file or link: an older layer's folder there is replaced, not
   * merged into, even where this layer made a folder there again afterwards.
   */
  private final Set<PackagePath> replaced = new HashSet<>();

  /** Folders that an entry of this layer named: their mode replaces an older layer's. */
  private final Set<PackagePath> namedDirectories = new HashSet<>();

  /**
   * Folders first made as the parent of an entry, before any entry named them: written over the
   * older layers, they would have been passed through, so an older link there is refused.
   */
  private final Set<PackagePath> madeAsParents = new HashSet<>();

  /**
   * @param older the package's older layers as this layer sees them: {@link OlderLayers#NONE} when
   *     it is extracted in place over them (or has none)
   */
  PackageWriter(
      Path root,
      String layer,
      ExtractionBudget budget,
      ExtractedTree tree,
      byte[] buffer,
      OlderLayers older) {
    this.root = root;
    this.layer = layer;
    this.budget = budget;
    this.tree = tree;
    this.buffer = buffer;
    this.older = older;
    this.posix = root.getFileSystem().supportedFileAttributeViews().contains("posix");
    this.rootMode = posix ? modeOf(root) : 0777;
  }

  static boolean isWhiteout(PackagePath path) {
    return !path.isRoot() && path.fileName().startsWith(WHITEOUT);
  }

  /**
   * Whether the whiteout entry {@code whiteout} (one that {@link #whiteout} applied) hides {@code
   * path} of an older layer.
   */
  static boolean hides(PackagePath whiteout, PackagePath path) {
    PackagePath directory = whiteout.parent();
    String name = whiteout.fileName();
    if (name.equals(OPAQUE_WHITEOUT)) {
      return path.startsWith(directory) && !path.equals(directory);
    }
    return path.startsWith(directory.child(name.substring(WHITEOUT.length())));
  }

  void directory(PackagePath path, int mode) throws IOException {
    if (path.isRoot()) {
      return; // "./" in an archive: the package directory is the caller's
    }
    Path target = parentsOf(path).resolve(path.fileName());
    @Nullable BasicFileAttributes existing = attributes(target);
    if (existing == null || !existing.isDirectory()) {
      if (existing != null) {
        delete(target, existing);
      }
      Files.createDirectory(target);
      tree.directory(target);
    }
    setMode(target, directoryMode(mode));
    realDirectories.add(target);
    namedDirectories.add(path);
    written(path);
  }

  /**
   * Writes a regular file from {@code content}, charging every byte to the budget before it is
   * written.
   *
   * @param declaredSize the size the archive announces, checked up front; -1 if unknown
   */
  void file(PackagePath path, int mode, InputStream content, long declaredSize) throws IOException {
    String entry = requireNotRoot(path);
    replacing(path);
    if (declaredSize >= 0) {
      budget.checkDeclared(declaredSize, layer, entry);
    }
    Path target = clearedPath(path);
    FileAttribute<?>[] ownerOnly =
        posix
            ? new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(ownerReadWrite())}
            : new FileAttribute<?>[0];
    long size = 0;
    try (FileChannel channel = FileChannel.open(target, CREATE_FILE, ownerOnly)) {
      int n;
      while ((n = content.read(buffer, 0, buffer.length)) >= 0) {
        budget.chargeBytes(n, layer, entry);
        ByteBuffer bytes = ByteBuffer.wrap(buffer, 0, n);
        while (bytes.hasRemaining()) {
          channel.write(bytes);
        }
        size += n;
      }
    }
    tree.file(target, size);
    setMode(target, ((mode & 0755) | 0400) & rootMode & 0777);
    written(path);
  }

  void symlink(PackagePath path, String target) throws IOException {
    requireNotRoot(path);
    replacing(path);
    PackagePath.checkSymlinkTarget(path, target, layer);
    Path link = clearedPath(path);
    Files.createSymbolicLink(link, link.getFileSystem().getPath(target));
    tree.symlink(link);
    written(path);
  }

  /**
   * Links {@code path} to {@code target}, a regular file that an earlier entry (of this layer or an
   * older one) extracted. Where the file system has no hard links, the content is copied and
   * charged to the budget.
   */
  void hardLink(PackagePath path, PackagePath target) throws IOException {
    String entry = requireNotRoot(path);
    if (target.isRoot() || target.equals(path)) {
      throw new UnsafeLayerException(
          layer, entry, "hard link to \"" + target + "\": not a file of the package");
    }
    replacing(path);
    @Nullable Path existingParent = existingDirectory(target.parent(), entry);
    @Nullable Path source =
        existingParent == null ? null : existingParent.resolve(target.fileName());
    @Nullable BasicFileAttributes attributes = source == null ? null : attributes(source);
    if (attributes == null && nothingOnTheWayTo(target)) {
      source = older.entry(target, entry);
      attributes = source == null ? null : attributes(source);
    }
    if (source == null || attributes == null) {
      throw new UnsafeLayerException(
          layer, entry, "hard link to \"" + target + "\", which is not (yet) extracted");
    }
    if (!attributes.isRegularFile()) {
      throw new UnsafeLayerException(
          layer,
          entry,
          "hard link to \""
              + target
              + "\", which is "
              + (attributes.isSymbolicLink() ? "a symbolic link" : "not a regular file"));
    }
    Path link = clearedPath(path);
    try {
      Files.createLink(link, source);
      tree.file(link, attributes.size());
    } catch (UnsupportedOperationException | FileSystemException e) {
      LOG.log(
          System.Logger.Level.DEBUG,
          "layer {0}: no hard link for {1} ({2}); copying {3}",
          layer,
          entry,
          e,
          target);
      try (InputStream in = Files.newInputStream(source, LinkOption.NOFOLLOW_LINKS)) {
        file(path, 0, in, -1);
      }
      copyMode(source, link);
    }
    written(path);
  }

  /**
   * Applies an OCI whiteout: {@code .wh.NAME} deletes NAME, {@code .wh..wh..opq} empties its
   * directory; both only hide what older layers wrote. Other {@code .wh..wh.} names are aufs
   * bookkeeping and are ignored.
   */
  void whiteout(PackagePath path) throws IOException {
    String entry = path.toString();
    String name = path.fileName();
    PackagePath directory = path.parent();
    if (name.equals(OPAQUE_WHITEOUT)) {
      @Nullable Path existing = existingDirectory(directory, entry);
      if (existing != null) {
        for (String child : children(existing)) {
          hideOlder(existing.resolve(child), directory.child(child));
        }
      }
      older.whiteout(path);
      return;
    }
    if (name.startsWith(WHITEOUT + WHITEOUT)) {
      LOG.log(System.Logger.Level.DEBUG, "layer {0}: ignoring aufs metadata {1}", layer, entry);
      return;
    }
    String hidden = name.substring(WHITEOUT.length());
    if (hidden.isEmpty() || hidden.equals(".") || hidden.equals("..")) {
      throw new UnsafeLayerException(layer, entry, "whiteout of \"" + hidden + "\"");
    }
    @Nullable Path existing = existingDirectory(directory, entry);
    if (existing != null) {
      hideOlder(existing.resolve(hidden), directory.child(hidden));
    }
    older.whiteout(path);
  }

  /**
   * Merges {@code staged}, a later layer extracted apart (with {@code whiteouts}, the whiteout
   * entries it applied, in order), into this package folder, which holds exactly what the older
   * layers made: the whiteouts are applied first (they hide only older layers, and none of the
   * staged entries is here yet), then each staged entry is moved in, replacing what is at its path;
   * folders merge, taking the mode of a staged folder that an entry named. The result is what
   * extracting the layer in place over the older ones makes. This writer must be named after the
   * staged layer and not have written anything.
   */
  void merge(PackageWriter staged, List<PackagePath> whiteouts) throws IOException {
    for (PackagePath whiteout : whiteouts) {
      whiteout(whiteout);
    }
    mergeChildren(staged, PackagePath.ROOT, staged.root, root);
  }

  private void mergeChildren(
      PackageWriter staged, PackagePath directory, Path stagedDirectory, Path packageDirectory)
      throws IOException {
    for (String name : children(stagedDirectory)) {
      PackagePath path = directory.child(name);
      Path from = stagedDirectory.resolve(name);
      Path to = packageDirectory.resolve(name);
      @Nullable BasicFileAttributes incoming = attributes(from);
      @Nullable BasicFileAttributes existing = attributes(to);
      if (incoming == null) {
        throw new IOException("layer " + layer + ": " + from + " vanished while it was merged");
      }
      if (incoming.isDirectory()
          && existing != null
          && existing.isDirectory()
          && !staged.replaced.contains(path)) {
        if (staged.namedDirectories.contains(path)) {
          setMode(to, modeOf(from));
        }
        mergeChildren(staged, path, from, to);
        continue;
      }
      if (incoming.isDirectory()
          && existing != null
          && existing.isSymbolicLink()
          && staged.madeAsParents.contains(path)) {
        throw throughLink(path + "/...", path.components());
      }
      if (existing != null) {
        delete(to, existing);
      }
      Files.move(from, to, StandardCopyOption.ATOMIC_MOVE);
      tree.adopt(staged.tree, from, to);
    }
  }

  private void hideOlder(Path path, PackagePath packagePath) throws IOException {
    @Nullable BasicFileAttributes attributes = attributes(path);
    if (attributes == null) {
      return;
    }
    if (!writtenByThisLayer.contains(packagePath)) {
      LOG.log(System.Logger.Level.DEBUG, "layer {0}: whiteout removes {1}", layer, packagePath);
      delete(path, attributes);
    } else if (attributes.isDirectory()) {
      for (String child : children(path)) {
        hideOlder(path.resolve(child), packagePath.child(child));
      }
    }
  }

  /** Makes the parents of {@code path} real directories and removes whatever is at it. */
  private Path clearedPath(PackagePath path) throws IOException {
    Path target = parentsOf(path).resolve(path.fileName());
    @Nullable BasicFileAttributes existing = attributes(target);
    if (existing != null) {
      delete(target, existing);
    }
    return target;
  }

  /**
   * The parent directory of {@code path} in the package, each directory on the way checked (or
   * created) without following links.
   */
  private Path parentsOf(PackagePath path) throws IOException {
    Path directory = root;
    List<String> components = path.components();
    for (int i = 0; i < components.size() - 1; i++) {
      directory = directory.resolve(components.get(i));
      if (realDirectories.contains(directory)) {
        continue;
      }
      @Nullable BasicFileAttributes attributes = attributes(directory);
      if (attributes != null && attributes.isSymbolicLink()) {
        throw throughLink(path.toString(), components.subList(0, i + 1));
      }
      if (attributes == null || !attributes.isDirectory()) {
        if (attributes != null) {
          delete(directory, attributes); // a file where a directory must go: last one wins
        }
        Files.createDirectory(directory);
        tree.directory(directory);
        setMode(directory, directoryMode(0755));
        PackagePath made = new PackagePath(components.subList(0, i + 1));
        if (!namedDirectories.contains(made)) {
          madeAsParents.add(made);
        }
      }
      realDirectories.add(directory);
    }
    return directory;
  }

  /** The directory at {@code path} if it exists, refusing to pass through links; else null. */
  private @Nullable Path existingDirectory(PackagePath path, String entry) throws IOException {
    return existingDirectory(root, path, layer, entry);
  }

  /**
   * The directory at {@code path} under {@code root} if it exists; null if it does not or is no
   * directory.
   *
   * @throws UnsafeLayerException naming {@code layer} and {@code entry} if a symbolic link is on
   *     the way
   */
  static @Nullable Path existingDirectory(Path root, PackagePath path, String layer, String entry)
      throws IOException {
    Path directory = root;
    List<String> components = path.components();
    for (int i = 0; i < components.size(); i++) {
      directory = directory.resolve(components.get(i));
      @Nullable BasicFileAttributes attributes = attributes(directory);
      if (attributes == null) {
        return null;
      }
      if (attributes.isSymbolicLink()) {
        throw throughLink(layer, entry, components.subList(0, i + 1));
      }
      if (!attributes.isDirectory()) {
        return null;
      }
    }
    return directory;
  }

  /**
   * Whether this layer's folder holds nothing at {@code path} and no file on the way to it, so that
   * an older layer's entry there shows through.
   */
  private boolean nothingOnTheWayTo(PackagePath path) throws IOException {
    Path p = root;
    for (String component : path.components()) {
      p = p.resolve(component);
      @Nullable BasicFileAttributes attributes = attributes(p);
      if (attributes == null) {
        return true;
      }
      if (!attributes.isDirectory()) {
        return false;
      }
    }
    return false;
  }

  private UnsafeLayerException throughLink(String entry, List<String> link) {
    return throughLink(layer, entry, link);
  }

  private static UnsafeLayerException throughLink(String layer, String entry, List<String> link) {
    return new UnsafeLayerException(
        layer,
        entry,
        "\""
            + String.join("/", link)
            + "\" is a symbolic link, and nothing is written, linked or removed through a link");
  }

  private void delete(Path path, BasicFileAttributes attributes) throws IOException {
    realDirectories.clear();
    tree.removed(path);
    if (!attributes.isDirectory()) {
      Files.delete(path); // a link itself, never its target
      return;
    }
    FileTrees.deleteRecursively(path); // links inside are removed, never followed
  }

  /** A folder's mode from the archive's: see the class comment. */
  private int directoryMode(int archiveMode) {
    int allowed = rootMode & 0777;
    int mode = ((archiveMode & 0755) | 0700) & allowed;
    if ((mode & 0010) != 0) {
      mode |= 0020 & allowed;
    }
    return mode | (rootMode & SETGID);
  }

  private static int modeOf(Path path) {
    try {
      return (Integer) Files.getAttribute(path, "unix:mode", LinkOption.NOFOLLOW_LINKS) & 07777;
    } catch (IOException | UnsupportedOperationException | IllegalArgumentException e) {
      return 0777;
    }
  }

  /** Sets {@code mode}, setgid included ({@code setPermissions} would clear it on a folder). */
  private void setMode(Path path, int mode) throws IOException {
    if (!posix) {
      return;
    }
    try {
      Files.setAttribute(path, "unix:mode", mode, LinkOption.NOFOLLOW_LINKS);
    } catch (UnsupportedOperationException | IllegalArgumentException noUnixView) {
      Files.getFileAttributeView(path, PosixFileAttributeView.class, LinkOption.NOFOLLOW_LINKS)
          .setPermissions(permissions(mode));
    }
  }

  private void copyMode(Path from, Path to) throws IOException {
    if (posix) {
      Set<PosixFilePermission> permissions =
          Files.getFileAttributeView(from, PosixFileAttributeView.class, LinkOption.NOFOLLOW_LINKS)
              .readAttributes()
              .permissions();
      Files.getFileAttributeView(to, PosixFileAttributeView.class, LinkOption.NOFOLLOW_LINKS)
          .setPermissions(permissions);
    }
  }

  private void replacing(PackagePath path) {
    replaced.add(path);
    older.replaced(path);
  }

  private void written(PackagePath path) {
    for (PackagePath p = path; !p.isRoot() && writtenByThisLayer.add(p); p = p.parent()) {
      // marks the path and each ancestor not yet marked
    }
  }

  private String requireNotRoot(PackagePath path) throws UnsafeLayerException {
    if (path.isRoot()) {
      throw new UnsafeLayerException(layer, ".", "empty name (only a directory may be \".\")");
    }
    return path.toString();
  }

  private static @Nullable BasicFileAttributes attributes(Path path) throws IOException {
    try {
      return Files.readAttributes(path, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
    } catch (NoSuchFileException e) {
      return null;
    }
  }

  private static List<String> children(Path directory) throws IOException {
    List<String> names = new ArrayList<>();
    try (DirectoryStream<Path> stream = Files.newDirectoryStream(directory)) {
      for (Path child : stream) {
        names.add(child.getFileName().toString());
      }
    }
    return names;
  }

  private static Set<PosixFilePermission> ownerReadWrite() {
    return EnumSet.of(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE);
  }

  static Set<PosixFilePermission> permissions(int mode) {
    Set<PosixFilePermission> permissions = EnumSet.noneOf(PosixFilePermission.class);
    PosixFilePermission[] bits = {
      PosixFilePermission.OTHERS_EXECUTE,
      PosixFilePermission.OTHERS_WRITE,
      PosixFilePermission.OTHERS_READ,
      PosixFilePermission.GROUP_EXECUTE,
      PosixFilePermission.GROUP_WRITE,
      PosixFilePermission.GROUP_READ,
      PosixFilePermission.OWNER_EXECUTE,
      PosixFilePermission.OWNER_WRITE,
      PosixFilePermission.OWNER_READ
    };
    for (int i = 0; i < bits.length; i++) {
      if ((mode & (1 << i)) != 0) {
        permissions.add(bits[i]);
      }
    }
    return permissions;
  }
}
