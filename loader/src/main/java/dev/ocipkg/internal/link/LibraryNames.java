package dev.ocipkg.internal.link;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Maps a library name ({@code foo}) to the file that holds it on an operating system: {@code
 * libfoo.so} (or a versioned {@code libfoo.so.1.2}) on Linux and other Unix systems, {@code
 * libfoo.dylib} (or {@code libfoo.1.dylib}) on macOS, {@code foo.dll} or {@code libfoo.dll} on
 * Windows. A name that is already a file name ({@code libfoo.so.1}) is taken as it is.
 */
public final class LibraryNames {
  private static final int NO_MATCH = Integer.MAX_VALUE;

  private LibraryNames() {}

  /**
   * Finds the file of library {@code name} for {@code os} in {@code packageDir}: the whole package
   * is searched; the shallowest match wins, then an exact file name, then the unversioned name,
   * then the shortest version.
   */
  public static Optional<Path> find(Path packageDir, String name, String os) throws IOException {
    Path best = null;
    int bestRank = NO_MATCH;
    for (Path p : filesIn(packageDir)) {
      String fileName = p.getFileName().toString();
      int rank = rank(fileName, name, os);
      if (rank != NO_MATCH && (best == null || isBetter(p, rank, best, bestRank))) {
        best = p;
        bestRank = rank;
      }
    }
    return Optional.ofNullable(best);
  }

  private static boolean isBetter(Path p, int rank, Path best, int bestRank) {
    if (p.getNameCount() != best.getNameCount()) {
      return p.getNameCount() < best.getNameCount();
    }
    if (rank != bestRank) {
      return rank < bestRank;
    }
    int length = p.getFileName().toString().length();
    int bestLength = best.getFileName().toString().length();
    return length != bestLength ? length < bestLength : p.toString().compareTo(best.toString()) < 0;
  }

  /** The files of the package that look like shared libraries for {@code os}, for messages. */
  public static List<String> librariesIn(Path packageDir, String os) throws IOException {
    List<String> names = new ArrayList<>();
    for (Path p : filesIn(packageDir)) {
      if (isLibraryFileName(p.getFileName().toString(), os)) {
        names.add(packageDir.relativize(p).toString());
      }
    }
    Collections.sort(names);
    return names;
  }

  /**
   * Every file and link under {@code dir} (links to folders are not entered). A plain walk with
   * {@link File#list}: this runs on the warm path, where streams and lambdas cost class loading,
   * and {@code Files.newDirectoryStream} spins a lambda of its own.
   */
  public static List<Path> filesIn(Path dir) throws IOException {
    List<Path> files = new ArrayList<>();
    collect(dir, files);
    return files;
  }

  private static void collect(Path dir, List<Path> files) throws IOException {
    String[] names = dir.toFile().list();
    if (names == null) {
      throw new IOException("cannot list the folder " + dir);
    }
    for (String name : names) {
      Path entry = dir.resolve(name);
      if (Files.isDirectory(entry, LinkOption.NOFOLLOW_LINKS)) {
        collect(entry, files);
      } else {
        files.add(entry);
      }
    }
  }

  /**
   * A library file's name without version: {@code lib/libfoo.so.1.2} is {@code lib/libfoo.so},
   * {@code libfoo.1.dylib} is {@code libfoo.dylib}.
   */
  public static String baseName(String relativePath) {
    int so = relativePath.lastIndexOf(".so.");
    if (so > 0 && isVersion(relativePath.substring(so + 4))) {
      return relativePath.substring(0, so + 3);
    }
    if (relativePath.endsWith(".dylib")) {
      String stem = relativePath.substring(0, relativePath.length() - ".dylib".length());
      int dot = stem.indexOf('.', stem.lastIndexOf('/') + 1);
      if (dot > 0 && isVersion(stem.substring(dot + 1))) {
        return stem.substring(0, dot) + ".dylib";
      }
    }
    return relativePath;
  }

  /** 0 for the exact name, 1 for the platform's plain file name, 2 for a versioned one. */
  static int rank(String fileName, String name, String os) {
    if (fileName.equals(name)) {
      return 0;
    }
    String stem = name.startsWith("lib") ? name.substring(3) : name;
    switch (os) {
      case "windows":
        String lower = fileName.toLowerCase(Locale.ROOT);
        String lowerStem = stem.toLowerCase(Locale.ROOT);
        return lower.equals(lowerStem + ".dll") || lower.equals("lib" + lowerStem + ".dll")
            ? 1
            : NO_MATCH;
      case "darwin":
        if (fileName.equals("lib" + stem + ".dylib")) {
          return 1;
        }
        String prefix = "lib" + stem + ".";
        return fileName.startsWith(prefix)
                && fileName.endsWith(".dylib")
                && isVersion(
                    fileName.substring(prefix.length(), fileName.length() - ".dylib".length()))
            ? 2
            : NO_MATCH;
      default:
        String so = "lib" + stem + ".so";
        if (fileName.equals(so)) {
          return 1;
        }
        return fileName.startsWith(so + ".") && isVersion(fileName.substring(so.length() + 1))
            ? 2
            : NO_MATCH;
    }
  }

  static boolean isLibraryFileName(String fileName, String os) {
    switch (os) {
      case "windows":
        return fileName.toLowerCase(Locale.ROOT).endsWith(".dll");
      case "darwin":
        return fileName.endsWith(".dylib");
      default:
        return fileName.endsWith(".so") || fileName.contains(".so.");
    }
  }

  private static boolean isVersion(String s) {
    if (s.isEmpty() || s.startsWith(".") || s.endsWith(".")) {
      return false;
    }
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (!(c == '.' || (c >= '0' && c <= '9'))) {
        return false;
      }
    }
    return true;
  }
}
