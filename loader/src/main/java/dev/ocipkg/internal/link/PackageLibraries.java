package dev.ocipkg.internal.link;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The distinct libraries of a package. Distributions install one library under several names
 * ({@code libsodium.so.23 -> libsodium.so.23.3.0}, {@code libfoo.so -> libfoo.so.1 ->
 * libfoo.so.1.0.0}); names that lead to the same file, through symbolic or hard links, are one
 * library. A library and its dependency are two.
 *
 * <p>Plain loops and a named comparator, no lambdas: this runs on the warm path of a load that
 * leaves the library name out, where a JVM's first lambda costs milliseconds.
 */
public final class PackageLibraries {
  private PackageLibraries() {}

  /**
   * One library: the name to load it by (the shallowest, then the shortest of its names) and every
   * other name it has in the package, each relative to the package folder.
   */
  public record Library(String name, List<String> aliases) {
    /**
     * The name a caller passes: {@code libfoo.so.1} is {@code foo}, {@code foo.dll} is {@code foo}.
     */
    public String shortName() {
      String fileName = Path.of(name).getFileName().toString();
      String base = LibraryNames.baseName(fileName);
      int suffix = base.lastIndexOf('.');
      String stem = suffix > 0 ? base.substring(0, suffix) : base;
      return stem.startsWith("lib") && stem.length() > 3 ? stem.substring(3) : stem;
    }

    @Override
    public String toString() {
      return aliases.isEmpty() ? name : name + " (also " + String.join(", ", aliases) + ")";
    }
  }

  /** The libraries for {@code os} in {@code packageDir}, sorted by name. */
  public static List<Library> in(Path packageDir, String os) throws IOException {
    Map<Object, List<Path>> byFile = new LinkedHashMap<>();
    for (Path p : LibraryNames.filesIn(packageDir)) {
      if (LibraryNames.isLibraryFileName(p.getFileName().toString(), os)) {
        Object file = fileOf(p);
        List<Path> names = byFile.get(file);
        if (names == null) {
          names = new ArrayList<>();
          byFile.put(file, names);
        }
        names.add(packageDir.relativize(p));
      }
    }
    List<Library> libraries = new ArrayList<>();
    for (List<Path> names : byFile.values()) {
      names.sort(PREFERRED);
      List<String> aliases = new ArrayList<>();
      for (int i = 1; i < names.size(); i++) {
        aliases.add(names.get(i).toString());
      }
      libraries.add(new Library(names.get(0).toString(), List.copyOf(aliases)));
    }
    libraries.sort(BY_NAME);
    return libraries;
  }

  /** Shallowest first, then the shortest file name ({@code libfoo.so} before its versions). */
  private static final Comparator<Path> PREFERRED =
      new Comparator<Path>() {
        @Override
        public int compare(Path a, Path b) {
          if (a.getNameCount() != b.getNameCount()) {
            return Integer.compare(a.getNameCount(), b.getNameCount());
          }
          int lengths =
              Integer.compare(
                  a.getFileName().toString().length(), b.getFileName().toString().length());
          return lengths != 0 ? lengths : a.toString().compareTo(b.toString());
        }
      };

  private static final Comparator<Library> BY_NAME =
      new Comparator<Library>() {
        @Override
        public int compare(Library a, Library b) {
          return a.name().compareTo(b.name());
        }
      };

  /**
   * What identifies the file behind {@code p}: its file key (device and inode, so hard links
   * match), else its real path; a dangling link is a file of its own.
   */
  private static Object fileOf(Path p) {
    try {
      Object key = Files.readAttributes(p, BasicFileAttributes.class).fileKey();
      return key != null ? key : p.toRealPath();
    } catch (IOException e) {
      return p;
    }
  }
}
