package dev.ocipkg.internal.layer;

import dev.ocipkg.internal.io.ForeignText;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * A validated path inside a package: relative, without {@code ..}, every component a name that
 * Linux, macOS and Windows can all hold.
 *
 * <p>Components never contain a separator, so {@link #in(Path)} resolves them one by one and cannot
 * be reinterpreted by the file system (a backslash is a separator on Windows, hence refused).
 *
 * @param components the names from the package root down; empty for the root itself
 */
record PackagePath(List<String> components) {
  static final PackagePath ROOT = new PackagePath(List.of());

  private static final String WINDOWS_FORBIDDEN = "<>:\"|?*\\";
  private static final Set<String> WINDOWS_DEVICES = windowsDevices();

  PackagePath {
    components = List.copyOf(components);
  }

  /**
   * Parses an archive entry name ({@code /}-separated). Empty and {@code .} components are dropped,
   * so {@code ./lib//x} is {@code lib/x}; {@code ./} alone is the root.
   *
   * @throws UnsafeLayerException if the name is empty, absolute, has a {@code ..} component, a NUL,
   *     or a component that Windows cannot hold
   */
  static PackagePath parse(String name, String layer) throws UnsafeLayerException {
    @Nullable String problem = problem(name);
    if (problem != null) {
      throw new UnsafeLayerException(layer, name, problem);
    }
    List<String> components = new ArrayList<>();
    for (String component : name.split("/", -1)) {
      if (!component.isEmpty() && !component.equals(".")) {
        components.add(component);
      }
    }
    return new PackagePath(components);
  }

  private static @Nullable String problem(String name) {
    if (name.isEmpty()) {
      return "empty name";
    }
    if (name.indexOf('\0') >= 0) {
      return "NUL character in the name";
    }
    @Nullable String absolute = absoluteForm(name);
    if (absolute != null) {
      return absolute;
    }
    for (String component : name.split("/", -1)) {
      if (component.equals("..")) {
        return "'..' component: the path would leave the package";
      }
      if (!component.isEmpty() && !component.equals(".")) {
        @Nullable String windows = windowsProblem(component);
        if (windows != null) {
          return "component \"" + ForeignText.escape(component) + "\": " + windows;
        }
      }
    }
    return null;
  }

  /** Why {@code path} is absolute on some system ({@code /x}, {@code \x}, {@code C:x}), or null. */
  static @Nullable String absoluteForm(String path) {
    if (path.startsWith("/")) {
      return "absolute path";
    }
    if (path.startsWith("\\")) {
      return "absolute Windows path (leading backslash or UNC share)";
    }
    if (path.length() >= 2 && path.charAt(1) == ':' && isAsciiLetter(path.charAt(0))) {
      return "absolute Windows path (drive letter)";
    }
    return null;
  }

  /** Why Windows cannot hold a file named {@code component}, or null if it can. */
  static @Nullable String windowsProblem(String component) {
    for (int i = 0; i < component.length(); i++) {
      char c = component.charAt(i);
      if (c < 0x20) {
        return String.format("control character U+%04X is not allowed in file names", (int) c);
      }
      if (WINDOWS_FORBIDDEN.indexOf(c) >= 0) {
        return "character '" + c + "' is not allowed in Windows file names";
      }
    }
    char last = component.charAt(component.length() - 1);
    if (last == '.' || last == ' ') {
      return "Windows drops a trailing dot or space, so the name would change";
    }
    int dot = component.indexOf('.');
    String base = (dot < 0 ? component : component.substring(0, dot)).stripTrailing();
    if (WINDOWS_DEVICES.contains(base.toUpperCase(Locale.ROOT))) {
      return "\"" + base + "\" is a reserved device name on Windows (with any extension)";
    }
    return null;
  }

  /**
   * Checks the target of a symbolic link at {@code link}, taken relative to the link's directory.
   *
   * <p>Lexical checks suffice because extraction guarantees that every directory on the way to a
   * link is a real directory, and every link in the package passed this check. So leading {@code
   * ..} components climb real directories, and must not climb past the package root. A {@code ..}
   * after a name is refused: the name may be a link ({@code x -> .}), and {@code x/..} would then
   * climb from wherever the link points, which no lexical check can follow.
   */
  static void checkSymlinkTarget(PackagePath link, String target, String layer)
      throws UnsafeLayerException {
    @Nullable String problem = symlinkTargetProblem(link, target);
    if (problem != null) {
      throw new UnsafeLayerException(
          layer,
          link.toString(),
          "symbolic link to \"" + ForeignText.escape(target) + "\": " + problem);
    }
  }

  private static @Nullable String symlinkTargetProblem(PackagePath link, String target) {
    if (target.isEmpty()) {
      return "empty target";
    }
    if (target.indexOf('\0') >= 0) {
      return "NUL character in the target";
    }
    @Nullable String absolute = absoluteForm(target);
    if (absolute != null) {
      return "target is an " + absolute + " (outside the package)";
    }
    int depth = link.components.size() - 1;
    boolean named = false;
    for (String component : target.split("/", -1)) {
      if (component.isEmpty() || component.equals(".")) {
        continue;
      }
      if (component.equals("..")) {
        if (named) {
          return "'..' after a name in the target (the name could be a link)";
        }
        if (--depth < 0) {
          return "target leaves the package";
        }
        continue;
      }
      @Nullable String windows = windowsProblem(component);
      if (windows != null) {
        return "target component \"" + ForeignText.escape(component) + "\": " + windows;
      }
      named = true;
    }
    return null;
  }

  boolean isRoot() {
    return components.isEmpty();
  }

  /** The last component; the root has none. */
  String fileName() {
    if (isRoot()) {
      throw new IllegalStateException("the package root has no file name");
    }
    return components.get(components.size() - 1);
  }

  PackagePath parent() {
    if (isRoot()) {
      throw new IllegalStateException("the package root has no parent");
    }
    return new PackagePath(components.subList(0, components.size() - 1));
  }

  /** This path plus one component, which must already be a valid name. */
  PackagePath child(String name) {
    List<String> more = new ArrayList<>(components.size() + 1);
    more.addAll(components);
    more.add(name);
    return new PackagePath(more);
  }

  boolean startsWith(PackagePath prefix) {
    return components.size() >= prefix.components.size()
        && components.subList(0, prefix.components.size()).equals(prefix.components);
  }

  /** This path inside {@code root}, resolved one component at a time. */
  Path in(Path root) {
    Path path = root;
    for (String component : components) {
      path = path.resolve(component);
    }
    return path;
  }

  @Override
  public String toString() {
    return isRoot() ? "." : String.join("/", components);
  }

  private static boolean isAsciiLetter(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
  }

  private static Set<String> windowsDevices() {
    List<String> names = new ArrayList<>(List.of("CON", "PRN", "AUX", "NUL", "CONIN$", "CONOUT$"));
    for (String digit :
        List.of("0", "1", "2", "3", "4", "5", "6", "7", "8", "9", "\u00b9", "\u00b2", "\u00b3")) {
      names.add("COM" + digit);
      names.add("LPT" + digit);
    }
    return Set.copyOf(names);
  }
}
