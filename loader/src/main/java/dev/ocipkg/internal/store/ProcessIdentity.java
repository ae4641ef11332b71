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
    this.groups = groups.clone();
    Arrays.sort(this.groups);
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
    return !known() || Arrays.binarySearch(groups, gid) >= 0;
  }

  private static ProcessIdentity fromProc() {
    try {
      String status = Files.readString(Path.of("/proc/self/status"), StandardCharsets.UTF_8);
      long uid = -1;
      long gid = -1;
      long[] supplementary = new long[0];
      for (String line : status.split("\n")) {
        if (line.startsWith("Uid:")) {
          uid = field(line, 1); // real, effective, saved, file system
        } else if (line.startsWith("Gid:")) {
          gid = field(line, 1);
        } else if (line.startsWith("Groups:")) {
          String[] ids = line.substring("Groups:".length()).trim().split("\\s+");
          supplementary = new long[ids[0].isEmpty() ? 0 : ids.length];
          for (int i = 0; i < supplementary.length; i++) {
            supplementary[i] = Long.parseLong(ids[i]);
          }
        }
      }
      if (uid < 0 || gid < 0) {
        return UNKNOWN;
      }
      long[] groups = Arrays.copyOf(supplementary, supplementary.length + 1);
      groups[supplementary.length] = gid;
      return new ProcessIdentity(uid, groups);
    } catch (IOException | RuntimeException e) {
      return UNKNOWN;
    }
  }

  private static long field(String line, int index) {
    return Long.parseLong(line.substring(line.indexOf(':') + 1).trim().split("\\s+")[index]);
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
