package dev.ocipkg.testing;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Which packages compiled classes refer to, read from the class files' constant pools (the binary
 * names in them), without loading a class: for tests of module descriptors and package structure.
 */
public final class ClassFileReferences {
  /** Package-like names in a class file: a class's binary name up to the class's own name. */
  private static final Pattern PACKAGE_OF_A_CLASS =
      Pattern.compile("(?:[a-z][a-z0-9_]*/)+(?=[A-Z])");

  private ClassFileReferences() {}

  /** The jar or class folder {@code type} was loaded from. */
  public static Path locationOf(Class<?> type) {
    try {
      return Path.of(type.getProtectionDomain().getCodeSource().getLocation().toURI());
    } catch (URISyntaxException e) {
      throw new IllegalStateException("the location of " + type.getName(), e);
    }
  }

  /** The packages the classes in {@code location} (a jar or a class folder) refer to. */
  public static Set<String> packagesReferencedBy(Path location) throws IOException {
    Set<String> packages = new TreeSet<>();
    for (Set<String> referenced : graph(location, "").values()) {
      packages.addAll(referenced);
    }
    return packages;
  }

  /**
   * Per package of the classes in {@code location} whose name starts with {@code prefix}, the
   * packages starting with {@code prefix} that its classes refer to (itself left out).
   */
  public static Map<String, Set<String>> graph(Path location, String prefix) throws IOException {
    if (Files.isDirectory(location)) {
      return graphUnder(location, prefix);
    }
    try (FileSystem jar = FileSystems.newFileSystem(location)) {
      return graphUnder(jar.getPath("/"), prefix);
    }
  }

  /** A cycle in {@code graph} as the packages along it, first repeated at the end; or none. */
  public static List<String> cycleIn(Map<String, Set<String>> graph) {
    Map<String, Integer> state = new TreeMap<>(); // 1: on the path, 2: done
    for (String start : graph.keySet()) {
      List<String> path = new ArrayList<>();
      List<String> cycle = visit(start, graph, state, path);
      if (!cycle.isEmpty()) {
        return cycle;
      }
    }
    return List.of();
  }

  private static List<String> visit(
      String node, Map<String, Set<String>> graph, Map<String, Integer> state, List<String> path) {
    Integer s = state.get(node);
    if (s != null && s == 2) {
      return List.of();
    }
    if (s != null && s == 1) {
      List<String> cycle = new ArrayList<>(path.subList(path.indexOf(node), path.size()));
      cycle.add(node);
      return cycle;
    }
    state.put(node, 1);
    path.add(node);
    for (String next : graph.getOrDefault(node, Set.of())) {
      List<String> cycle = visit(next, graph, state, path);
      if (!cycle.isEmpty()) {
        return cycle;
      }
    }
    path.remove(path.size() - 1);
    state.put(node, 2);
    return List.of();
  }

  private static Map<String, Set<String>> graphUnder(Path root, String prefix) throws IOException {
    Map<String, Set<String>> graph = new TreeMap<>();
    try (Stream<Path> files = Files.walk(root)) {
      for (Path file : (Iterable<Path>) files::iterator) {
        String relative = root.relativize(file).toString().replace('\\', '/');
        if (!relative.endsWith(".class") || relative.startsWith("META-INF/")) {
          continue;
        }
        int slash = relative.lastIndexOf('/');
        String own = slash < 0 ? "" : relative.substring(0, slash).replace('/', '.');
        if (!own.startsWith(prefix)) {
          continue;
        }
        Set<String> referenced = graph.computeIfAbsent(own, p -> new TreeSet<>());
        Matcher matcher =
            PACKAGE_OF_A_CLASS.matcher(
                new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1));
        while (matcher.find()) {
          String name = matcher.group();
          String pkg = name.substring(0, name.length() - 1).replace('/', '.');
          if (pkg.startsWith(prefix) && !pkg.equals(own)) {
            referenced.add(pkg);
          }
        }
      }
    }
    return graph;
  }
}
