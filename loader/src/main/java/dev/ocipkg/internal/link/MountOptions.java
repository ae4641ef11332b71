package dev.ocipkg.internal.link;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * Finds the mount that holds a path and whether it is {@code noexec}: a library on such a mount
 * cannot be mapped ("failed to map segment from shared object"), which users hit with {@code /tmp}
 * on hardened machines. Linux only; elsewhere it reports nothing.
 */
final class MountOptions {
  private MountOptions() {}

  /** The mount point holding {@code path} if that mount is noexec, else null. */
  static @Nullable String noexecMountOf(Path path) {
    Path mountinfo = Path.of("/proc/self/mountinfo");
    if (!Files.isReadable(mountinfo)) {
      return null;
    }
    List<String> lines;
    String target;
    try {
      lines = Files.readAllLines(mountinfo, StandardCharsets.UTF_8);
      target = path.toRealPath().toString();
    } catch (IOException e) {
      return null;
    }
    String best = null;
    boolean bestNoexec = false;
    for (String line : lines) {
      // id parent major:minor root mount-point options ... - fstype source super-options
      String[] f = line.split(" ");
      if (f.length < 6) {
        continue;
      }
      String mountPoint = unescape(f[4]);
      if (isUnder(target, mountPoint) && (best == null || mountPoint.length() >= best.length())) {
        best = mountPoint;
        bestNoexec = (',' + f[5] + ',').contains(",noexec,");
      }
    }
    return bestNoexec ? best : null;
  }

  private static boolean isUnder(String path, String mountPoint) {
    return mountPoint.equals("/")
        || path.equals(mountPoint)
        || path.startsWith(mountPoint.endsWith("/") ? mountPoint : mountPoint + "/");
  }

  /** mountinfo escapes space, tab, newline and backslash as octal. */
  private static String unescape(String s) {
    return s.replace("\\040", " ")
        .replace("\\011", "\t")
        .replace("\\012", "\n")
        .replace("\\134", "\\");
  }
}
