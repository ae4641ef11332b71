package dev.ocipkg.internal.layer;

import dev.ocipkg.internal.io.ForeignText;
import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.jspecify.annotations.Nullable;

/**
 * What the layers of one package wrote into its folder (each path, its kind, a file's size), minus
 * what later entries replaced or whiteouts removed: the folder is checked against it just before it
 * is published, so that a package changed from outside while it was extracted (a cleaner of a
 * shared cache that misjudged it abandoned, say) is never published incomplete.
 */
final class ExtractedTree {
  private enum Kind {
    FILE,
    DIRECTORY,
    SYMLINK
  }

  private record Entry(Kind kind, long size) {}

  /** Shown in a message, at most. */
  private static final int EXAMPLES = 5;

  private final Path root;

  /** Relative paths with '/' separators; sorted, so that a folder's descendants form one range. */
  private final TreeMap<String, Entry> entries = new TreeMap<>();

  ExtractedTree(Path root) {
    this.root = root;
  }

  Path root() {
    return root;
  }

  void file(Path path, long size) {
    entries.put(key(path), new Entry(Kind.FILE, size));
  }

  void directory(Path path) {
    entries.put(key(path), new Entry(Kind.DIRECTORY, 0));
  }

  void symlink(Path path) {
    entries.put(key(path), new Entry(Kind.SYMLINK, 0));
  }

  /** {@code path} and everything under it were deleted. */
  void removed(Path path) {
    String key = key(path);
    entries.remove(key);
    entries.subMap(key + "/", key + "0").clear(); // '0' follows '/': the range is key/...
  }

  /**
   * {@code from}'s entries at {@code fromPath} and under it now live at {@code toPath} of this tree
   * (the same relative path): a staged layer's entry moved into the package folder.
   */
  void adopt(ExtractedTree from, Path fromPath, Path toPath) {
    String fromKey = from.key(fromPath);
    String toKey = key(toPath);
    if (!fromKey.equals(toKey)) {
      throw new IllegalArgumentException(fromPath + " and " + toPath + " are different entries");
    }
    Entry entry = from.entries.get(fromKey);
    if (entry != null) {
      entries.put(toKey, entry);
    }
    entries.putAll(from.entries.subMap(fromKey + "/", fromKey + "0"));
  }

  /**
   * Fails unless {@code root} holds exactly what was recorded: every path there with its kind and
   * size, and nothing else.
   */
  void check(String what) throws IOException {
    Set<String> seen = new HashSet<>();
    List<String> changed = new ArrayList<>();
    List<String> unexpected = new ArrayList<>();
    Files.walkFileTree(
        root,
        new SimpleFileVisitor<>() {
          @Override
          public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) {
            if (!dir.equals(root)) {
              compare(dir, attrs);
            }
            return FileVisitResult.CONTINUE;
          }

          @Override
          public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
            compare(file, attrs); // links are reported here, not followed
            return FileVisitResult.CONTINUE;
          }

          private void compare(Path path, BasicFileAttributes attrs) {
            String key = key(path);
            Entry expected = entries.get(key);
            if (expected == null) {
              unexpected.add(key);
              return;
            }
            seen.add(key);
            if (expected.kind() != kindOf(attrs)
                || (expected.kind() == Kind.FILE && expected.size() != attrs.size())) {
              changed.add(key);
            }
          }
        });
    List<String> missing = new ArrayList<>();
    for (Map.Entry<String, Entry> e : entries.entrySet()) {
      if (!seen.contains(e.getKey())) {
        missing.add(e.getKey());
      }
    }
    if (missing.isEmpty() && changed.isEmpty() && unexpected.isEmpty()) {
      return;
    }
    throw new IOException(
        what
            + ": the package folder "
            + root
            + " no longer holds what its layers wrote ("
            + describe("missing", missing)
            + ", "
            + describe("changed", changed)
            + ", "
            + describe("unexpected", unexpected)
            + ", of "
            + entries.size()
            + " entries); something outside this process changed it while it was extracted,"
            + " such as another process cleaning the cache's tmp folder. Nothing was published;"
            + " load again, and check what else writes to "
            + root.getParent());
  }

  private static String describe(String what, List<String> paths) {
    if (paths.isEmpty()) {
      return "0 " + what;
    }
    List<String> examples = new ArrayList<>();
    for (String p : paths.subList(0, Math.min(EXAMPLES, paths.size()))) {
      examples.add("\"" + ForeignText.escape(p) + "\"");
    }
    return paths.size() + " " + what + " (" + String.join(", ", examples) + ")";
  }

  private static @Nullable Kind kindOf(BasicFileAttributes attrs) {
    if (attrs.isDirectory()) {
      return Kind.DIRECTORY;
    }
    if (attrs.isSymbolicLink()) {
      return Kind.SYMLINK;
    }
    return attrs.isRegularFile() ? Kind.FILE : null;
  }

  private String key(Path path) {
    StringBuilder key = new StringBuilder();
    for (Path name : root.relativize(path)) {
      if (key.length() > 0) {
        key.append('/');
      }
      key.append(name);
    }
    return key.toString();
  }
}
