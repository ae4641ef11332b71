package dev.ocipkg.tools.layout;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermission;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.zip.Deflater;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.archivers.tar.TarConstants;
import org.apache.commons.compress.compressors.gzip.GzipCompressorOutputStream;
import org.apache.commons.compress.compressors.gzip.GzipParameters;
import org.jspecify.annotations.Nullable;

/**
 * A tar (for an oci-archive) or tar+gzip (for a package layer) of files and folders that depends on
 * their names, contents, link targets and executable bits only. Entries are sorted by name; every
 * entry has mtime 0, uid and gid 0 and no owner names; modes are 0755 (folders, and files that
 * anyone may execute) or 0644, links 0777 as every tar tool writes them; the gzip header has mtime
 * 0, no file name and OS 255 (unknown). Symbolic links are kept as links: those inside a folder,
 * and a file given by name that links to another file given by name.
 *
 * <p>Refused with a {@link PackInputException}: a missing path, a link that is absolute or leads
 * out of its folder, a device, FIFO or socket, and a name that two inputs both give.
 */
public final class ReproducibleTar {
  private static final FileTime EPOCH = FileTime.fromMillis(0);

  private final SortedMap<String, Entry> entries = new TreeMap<>();

  /** The files given one by one, by absolute path: the names their links may keep pointing at. */
  private final java.util.Map<Path, String> givenFiles = new java.util.HashMap<>();

  private final String label;

  private enum Kind {
    FILE,
    EXECUTABLE,
    DIRECTORY,
    SYMLINK
  }

  /** One tar entry: where its content comes from, or where its link points. */
  private record Entry(Kind kind, Path source, String linkTarget) {}

  private ReproducibleTar(String label) {
    this.label = label;
  }

  /**
   * Collects and checks the entries of {@code paths}: a folder gives its content, a file itself.
   *
   * @param label what messages call the whole, e.g. {@code linux/amd64}
   */
  public static ReproducibleTar of(String label, List<Path> paths) throws IOException {
    ReproducibleTar tar = new ReproducibleTar(label);
    for (Path path : paths) {
      if (Files.isRegularFile(path) && !Files.isDirectory(path)) {
        tar.givenFiles.put(path.toAbsolutePath().normalize(), path.getFileName().toString());
      }
    }
    for (Path path : paths) {
      tar.add(path);
    }
    if (tar.entries.isEmpty()) {
      throw new PackInputException(
          "nothing to pack for " + label + ": " + paths + " holds no files");
    }
    return tar;
  }

  private void add(Path path) throws IOException {
    if (!Files.exists(path)) {
      throw new PackInputException("no such file or folder for " + label + ": " + path);
    }
    if (Files.isDirectory(path)) {
      // The real path: a folder given through a link is walked as the folder it leads to.
      addTree(path.toRealPath());
    } else if (Files.isRegularFile(path)) {
      // A file named on its own is taken by content: a link given by name is followed, unless it
      // leads to another of the files given (libfoo.so -> libfoo.so.1), which stays a link.
      String name = path.getFileName().toString();
      String sibling = linkedSibling(path, name);
      put(
          name,
          sibling != null
              ? new Entry(Kind.SYMLINK, path, sibling)
              : new Entry(fileKind(path), path, ""),
          path);
    } else {
      throw new PackInputException(
          path + " (for " + label + ") is not a regular file or folder (a device, FIFO or socket)");
    }
  }

  /**
   * The name of the given file that the symbolic link {@code path} leads to, directly or at the end
   * of its chain, or null where it is no link or leads elsewhere.
   */
  private @Nullable String linkedSibling(Path path, String name) throws IOException {
    if (!Files.isSymbolicLink(path)) {
      return null;
    }
    Path absolute = path.toAbsolutePath().normalize();
    Path direct = absolute.getParent().resolve(Files.readSymbolicLink(path)).normalize();
    String sibling = givenFiles.get(direct);
    if (sibling == null) {
      Path real = path.toRealPath();
      for (java.util.Map.Entry<Path, String> given : givenFiles.entrySet()) {
        if (!Files.isSymbolicLink(given.getKey()) && given.getKey().toRealPath().equals(real)) {
          sibling = given.getValue();
        }
      }
    }
    return sibling == null || sibling.equals(name) ? null : sibling;
  }

  private void addTree(Path root) throws IOException {
    Files.walkFileTree(
        root,
        new SimpleFileVisitor<>() {
          @Override
          public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs)
              throws IOException {
            if (!dir.equals(root)) {
              put(nameOf(root, dir), new Entry(Kind.DIRECTORY, dir, ""), dir);
            }
            return FileVisitResult.CONTINUE;
          }

          @Override
          public FileVisitResult visitFile(Path file, BasicFileAttributes attrs)
              throws IOException {
            String name = nameOf(root, file);
            if (attrs.isSymbolicLink()) {
              put(name, new Entry(Kind.SYMLINK, file, linkTarget(root, file)), file);
            } else if (attrs.isRegularFile()) {
              put(name, new Entry(fileKind(file), file, ""), file);
            } else {
              throw new PackInputException(
                  file + " (for " + label + ") is a device, FIFO or socket; a package holds files");
            }
            return FileVisitResult.CONTINUE;
          }
        });
  }

  /** The link's target as stored, if it stays inside {@code root}. */
  private String linkTarget(Path root, Path link) throws IOException {
    Path target = Files.readSymbolicLink(link);
    String text = target.toString().replace(link.getFileSystem().getSeparator(), "/");
    if (target.isAbsolute() || text.startsWith("/")) {
      throw new PackInputException(
          link
              + " (for "
              + label
              + ") links to the absolute path "
              + text
              + "; use a relative link");
    }
    Path resolved = link.getParent().resolve(target).normalize();
    if (!resolved.startsWith(root)) {
      throw new PackInputException(
          link + " (for " + label + ") links to " + text + ", which is outside " + root);
    }
    return text;
  }

  private void put(String name, Entry entry, Path path) throws PackInputException {
    Entry old = entries.putIfAbsent(name, entry);
    if (old != null && !(old.kind() == Kind.DIRECTORY && entry.kind() == Kind.DIRECTORY)) {
      throw new PackInputException(
          name + " is given twice for " + label + ": " + old.source() + " and " + path);
    }
  }

  private static String nameOf(Path root, Path path) {
    return root.relativize(path).toString().replace(path.getFileSystem().getSeparator(), "/");
  }

  private static Kind fileKind(Path file) throws IOException {
    PosixFileAttributeView posix = Files.getFileAttributeView(file, PosixFileAttributeView.class);
    if (posix == null) {
      return Files.isExecutable(file) ? Kind.EXECUTABLE : Kind.FILE;
    }
    Set<PosixFilePermission> p = posix.readAttributes().permissions();
    boolean executable =
        p.contains(PosixFilePermission.OWNER_EXECUTE)
            || p.contains(PosixFilePermission.GROUP_EXECUTE)
            || p.contains(PosixFilePermission.OTHERS_EXECUTE);
    return executable ? Kind.EXECUTABLE : Kind.FILE;
  }

  /** The regular files (no links, no folders) by entry name, sorted, for content checks. */
  public java.util.Map<String, Path> regularFiles() {
    java.util.Map<String, Path> files = new java.util.LinkedHashMap<>();
    entries.forEach(
        (name, entry) -> {
          if (entry.kind() == Kind.FILE || entry.kind() == Kind.EXECUTABLE) {
            files.put(name, entry.source());
          }
        });
    return files;
  }

  /** The names of files and links (folders left out), sorted: the ocipkg config's list. */
  public List<String> fileNames() {
    List<String> names = new ArrayList<>();
    entries.forEach(
        (name, entry) -> {
          if (entry.kind() != Kind.DIRECTORY) {
            names.add(name);
          }
        });
    return names;
  }

  /** Writes the tar+gzip to {@code out}, which is left open. */
  public void writeTarGzip(OutputStream out) throws IOException {
    GzipParameters gzip = new GzipParameters();
    gzip.setModificationTime(0);
    gzip.setOperatingSystem(255);
    gzip.setCompressionLevel(Deflater.DEFAULT_COMPRESSION);
    try (GzipCompressorOutputStream compressed =
        new GzipCompressorOutputStream(new NonClosingOutputStream(out), gzip)) {
      writeTar(compressed);
    }
  }

  /** Writes the plain tar to {@code out}, which is left open. */
  public void writeTar(OutputStream out) throws IOException {
    try (TarArchiveOutputStream tar =
        new TarArchiveOutputStream(
            new NonClosingOutputStream(out), StandardCharsets.UTF_8.name())) {
      tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
      tar.setBigNumberMode(TarArchiveOutputStream.BIGNUMBER_POSIX);
      for (var e : entries.entrySet()) {
        Entry entry = e.getValue();
        TarArchiveEntry header = header(e.getKey(), entry);
        tar.putArchiveEntry(header);
        if (entry.kind() == Kind.FILE || entry.kind() == Kind.EXECUTABLE) {
          try (InputStream in = Files.newInputStream(entry.source())) {
            long copied = in.transferTo(tar);
            if (copied != header.getSize()) {
              throw new IOException(entry.source() + " changed size while it was packed");
            }
          }
        }
        tar.closeArchiveEntry();
      }
      tar.finish();
    }
  }

  private static TarArchiveEntry header(String name, Entry entry) throws IOException {
    TarArchiveEntry header;
    switch (entry.kind()) {
      case DIRECTORY:
        header = new TarArchiveEntry(name + "/", TarConstants.LF_DIR);
        header.setMode(0040755);
        break;
      case SYMLINK:
        header = new TarArchiveEntry(name, TarConstants.LF_SYMLINK);
        header.setMode(0120777);
        header.setLinkName(entry.linkTarget());
        break;
      default:
        header = new TarArchiveEntry(name, TarConstants.LF_NORMAL);
        header.setMode(entry.kind() == Kind.EXECUTABLE ? 0100755 : 0100644);
        header.setSize(Files.size(entry.source()));
    }
    header.setModTime(EPOCH);
    header.setUserId(0);
    header.setGroupId(0);
    header.setUserName("");
    header.setGroupName("");
    return header;
  }

  /** Lets a tar or gzip stream be closed (to write its trailer) without closing the caller's. */
  private static final class NonClosingOutputStream extends java.io.FilterOutputStream {
    NonClosingOutputStream(OutputStream out) {
      super(out);
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
      out.write(b, off, len);
    }

    @Override
    public void close() throws IOException {
      out.flush();
    }
  }
}
