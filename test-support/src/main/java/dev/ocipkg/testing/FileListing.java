package dev.ocipkg.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipal;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * A folder tree as a comparable listing, to prove that something left it unchanged; and the folder
 * made what an image layer or a read-only mount looks like.
 */
public final class FileListing {
  private FileListing() {}

  /**
   * Every entry under {@code root} by relative path: type, size, modification time, owner, mode.
   */
  public static Map<String, String> of(Path root) throws IOException {
    Map<String, String> entries = new TreeMap<>();
    try (Stream<Path> walk = Files.walk(root)) {
      for (Path p : (Iterable<Path>) walk::iterator) {
        PosixFileAttributes a =
            Files.readAttributes(p, PosixFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        String type =
            a.isDirectory() ? "d" : a.isSymbolicLink() ? "l" : a.isRegularFile() ? "f" : "?";
        entries.put(
            root.relativize(p).toString(),
            type
                + " "
                + a.size()
                + " "
                + a.lastModifiedTime()
                + " "
                + a.owner().getName()
                + " "
                + PosixFilePermissions.toString(a.permissions()));
      }
    }
    return entries;
  }

  /** Owned by root, folders 0555, files 0444: what a cache in an image layer looks like. */
  public static void makeReadOnlyOwnedByRoot(Path root) throws IOException {
    UserPrincipal rootUser =
        root.getFileSystem().getUserPrincipalLookupService().lookupPrincipalByName("root");
    try (Stream<Path> walk = Files.walk(root)) {
      for (Path p : (Iterable<Path>) walk::iterator) {
        if (Files.isSymbolicLink(p)) {
          continue;
        }
        Files.setOwner(p, rootUser);
        Files.setPosixFilePermissions(
            p,
            PosixFilePermissions.fromString(
                Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS) ? "r-xr-xr-x" : "r--r--r--"));
      }
    }
  }
}
