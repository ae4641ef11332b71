package dev.ocipkg.internal.link;

import dev.ocipkg.internal.io.FileTrees;
import dev.ocipkg.internal.store.UmaskTempFiles;
import java.io.IOException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Numbered copies of a package ({@code <copiesDir>/<n>/}) for class loaders that cannot share the
 * package's own files. Files are hard links where the file system allows (no extra space; the store
 * never changes a file, so a link is as good as a copy), copies otherwise; symbolic links are
 * recreated, so {@code $ORIGIN} lookups inside the copy still work. A copy appears complete or not
 * at all (built in a temp folder, then renamed), and is shared by every process using the cache.
 */
final class LoaderCopies {
  private LoaderCopies() {}

  static LinkTarget copy(LinkTarget original, Path copiesDir, int n) throws IOException {
    Path target = copiesDir.resolve(Integer.toString(n));
    if (!Files.isDirectory(target)) {
      Files.createDirectories(copiesDir);
      // As the umask says, not 0700: in a cache shared by a group, others can remove it too.
      Path temp =
          UmaskTempFiles.createDirectory(
              copiesDir, "." + n + "." + ProcessHandle.current().pid() + ".", "");
      try {
        populate(original.packageDir(), temp);
        Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE);
      } catch (FileAlreadyExistsException | DirectoryNotEmptyException raced) {
        // another loader or process made the same copy first
      } finally {
        FileTrees.deleteRecursively(temp);
      }
    }
    Path relative = original.packageDir().relativize(original.file());
    return new LinkTarget(
        target.resolve(relative.toString()),
        target,
        original.reference(),
        original.source(),
        original.platform());
  }

  private static void populate(Path from, Path to) throws IOException {
    List<Path> entries;
    try (Stream<Path> walk = Files.walk(from)) {
      entries = walk.collect(Collectors.toList());
    }
    for (Path source : entries) {
      Path dest = to.resolve(from.relativize(source).toString());
      if (source.equals(from)) {
        continue;
      }
      if (Files.isSymbolicLink(source)) {
        Files.createSymbolicLink(dest, Files.readSymbolicLink(source));
      } else if (Files.isDirectory(source, LinkOption.NOFOLLOW_LINKS)) {
        Files.createDirectories(dest);
      } else {
        try {
          Files.createLink(dest, source);
        } catch (IOException | UnsupportedOperationException e) {
          Files.copy(source, dest, StandardCopyOption.COPY_ATTRIBUTES);
        }
      }
    }
  }
}
