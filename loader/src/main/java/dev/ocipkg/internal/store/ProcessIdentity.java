package dev.ocipkg.internal.store;

import java.io.IOException;
import java.lang.reflect.Method;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.jspecify.annotations.Nullable;

/**
 * Who this process is to the file system: its effective user id and the groups it is in, which Java
 * has no API for. On Linux from {@code /proc/self/status} (one small read, once per JVM); elsewhere
 * from the JDK's {@code com.sun.security.auth.module.UnixSystem} where the runtime has it; {@link
 * #UNKNOWN} otherwise, and then the checks that need it are skipped.
 */
final class ProcessIdentity {
  static final ProcessIdentity UNKNOWN = new ProcessIdentity(-1, new long[0]);

  private static volatile @Nullable ProcessIdentity current;

  private final long uid;
  private final long[] groups;

  /**
   * @param uid the effective user id, or -1 if not known
   * @param groups the effective group id and the supplementary groups
   */
  ProcessIdentity(long uid, long... groups) {
    this.uid = uid;
    // Not sorted: a handful of groups is searched as fast in order, and Arrays.sort would spin a
    // lambda of the JDK's sort on the warm path (milliseconds in a fresh JVM).
    this.groups = groups.clone();
  }

  /** This process, found out once. */
  static ProcessIdentity current() {
    ProcessIdentity identity = current;
    if (identity == null) {
      identity = Files.isReadable(Path.of("/proc/self/status")) ? fromProc() : fromUnixSystem();
      current = identity;
    }
    return identity;
  }

  boolean known() {
    return uid >= 0;
  }

  long uid() {
    return uid;
  }

  boolean isRoot() {
    return uid == 0;
  }

  /** Whether this process is in group {@code gid}; true when not known (nothing to refuse on). */
  boolean inGroup(long gid) {
    if (!known()) {
      return true;
    }
    for (long group : groups) {
      if (group == gid) {
        return true;
      }
    }
    return false;
  }

  private static ProcessIdentity fromProc() {
    try {
      String status = Files.readString(Path.of("/proc/self/status"), StandardCharsets.UTF_8);
      long[] uids = numbers(status, "\nUid:"); // real, effective, saved, file system
      long[] gids = numbers(status, "\nGid:");
      long[] supplementary = numbers(status, "\nGroups:");
      if (uids.length < 2 || gids.length < 2) {
        return UNKNOWN;
      }
      long[] groups = Arrays.copyOf(supplementary, supplementary.length + 1);
      groups[supplementary.length] = gids[1];
      return new ProcessIdentity(uids[1], groups);
    } catch (IOException | RuntimeException e) {
      return UNKNOWN;
    }
  }

  /**
   * The numbers after {@code label} up to the end of its line, separated by tabs or spaces; none if
   * the label is missing. No regular expression: this runs on the warm path.
   */
  static long[] numbers(String status, String label) {
    int at = status.indexOf(label);
    if (at < 0) {
      return new long[0];
    }
    int end = status.indexOf('\n', at + 1);
    String line = status.substring(at + label.length(), end < 0 ? status.length() : end);
    long[] found = new long[line.length()];
    int n = 0;
    int i = 0;
    while (i < line.length()) {
      if (line.charAt(i) == ' ' || line.charAt(i) == '\t') {
        i++;
        continue;
      }
      int start = i;
      while (i < line.length() && line.charAt(i) != ' ' && line.charAt(i) != '\t') {
        i++;
      }
      found[n++] = Long.parseLong(line.substring(start, i));
    }
    return Arrays.copyOf(found, n);
  }

  /**
   * macOS and the BSDs: the JDK's own answer, through reflection (a module the runtime may lack).
   */
  private static ProcessIdentity fromUnixSystem() {
    try {
      Class<?> type = Class.forName("com.sun.security.auth.module.UnixSystem");
      Object system = type.getConstructor().newInstance();
      Method getUid = type.getMethod("getUid");
      Method getGid = type.getMethod("getGid");
      Method getGroups = type.getMethod("getGroups");
      long[] supplementary = (long[]) getGroups.invoke(system);
      long[] groups = Arrays.copyOf(supplementary, supplementary.length + 1);
      groups[supplementary.length] = (long) getGid.invoke(system);
      return new ProcessIdentity((long) getUid.invoke(system), groups);
    } catch (ReflectiveOperationException | LinkageError | RuntimeException e) {
      return UNKNOWN;
    }
  }
}
