package dev.ocipkg.internal.store;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributes;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Who may plant files in a cache, checked where the cache is created and opened: a library loaded
 * from a folder that another user can write runs that user's code (JNA's fixed {@code /tmp/jna},
 * its issue 985). The rules, for a cache's folder:
 *
 * <ul>
 *   <li>never writable by all users, sticky or not ({@code /tmp} itself, or a folder in it made
 *       {@code 1777}: others could create its subfolders first);
 *   <li>owned by this user or by root, or else shared by a group on purpose: setgid and
 *       group-writable, with a group this process is in;
 *   <li>group-writable only by a group this process is in;
 *   <li>the per-user default folder (no {@code ocipkg.cache.dir}) is this user's alone: owned by
 *       this user and not group-writable. It is created {@code 0700}.
 * </ul>
 *
 * <p>Root gets no exemption: a cache that other users can write must not feed a process that runs
 * as root either. The main subfolders of a cache are checked for their owner only (the store makes
 * them with the umask; one owned by another user, not of the group that shares the cache, was
 * planted while the folder was open). One {@code stat} per folder, no user name looked up unless
 * there is something to refuse; file systems without POSIX attributes are not checked, nor is the
 * owner when the process's identity cannot be found out.
 */
final class CacheOwnership {
  private static final int SETGID = 02000;
  private static final int GROUP_WRITE = 0020;
  private static final int OTHERS_WRITE = 0002;

  private CacheOwnership() {}

  /**
   * Checks {@code folder}, a cache's own folder (links followed: a cache may live elsewhere through
   * one); nothing if it does not exist.
   *
   * @param perUser whether it is the per-user default, which must be this user's alone
   * @throws UnsafeCacheException if others may plant files in it
   */
  static void checkCacheFolder(Path folder, boolean perUser) {
    check(folder, perUser, true, ProcessIdentity.current());
  }

  /** Checks a subfolder of a cache for its owner; links are not followed. */
  static void checkSubfolder(Path folder) {
    check(folder, false, false, ProcessIdentity.current());
  }

  static void check(Path folder, boolean perUser, boolean root, ProcessIdentity me) {
    @Nullable Map<String, Object> unix = unixAttributes(folder, root);
    if (unix == null) {
      return;
    }
    int mode = (Integer) unix.get("mode");
    long uid = ((Number) unix.get("uid")).longValue();
    long gid = ((Number) unix.get("gid")).longValue();
    @Nullable Refusal refusal =
        root ? refusal(mode, uid, gid, perUser, me) : subfolderRefusal(mode, uid, gid, me);
    if (refusal != null) {
      throw UnsafeCacheException.refusing(
          folder,
          "the cache folder "
              + folder
              + " ("
              + describe(folder, mode, uid, gid)
              + ") "
              + refusal.wrong,
          refusal.fix.replace("PATH", folder.toString()));
    }
  }

  /** What is wrong with a cache folder, and the fix ({@code PATH} stands for it); null if fine. */
  static @Nullable Refusal refusal(
      int mode, long uid, long gid, boolean perUser, ProcessIdentity me) {
    String shareFix =
        "for a cache shared by a group, have its owner run chgrp GROUP PATH && chmod 2770 PATH";
    if ((mode & OTHERS_WRITE) != 0) {
      return new Refusal(
          "is writable by every user, who could plant libraries in it",
          perUser
              ? "run chmod 700 PATH"
              : "run chmod o-w PATH, or name a new subfolder of it instead (ocipkg creates it with"
                  + " the umask's mode: the way to use a volume writable by all, such as an"
                  + " emptyDir); "
                  + shareFix);
    }
    if (!me.known()) {
      return null;
    }
    boolean mine = uid == me.uid();
    if (perUser) {
      if (!mine) {
        return new Refusal(
            "belongs to another user, and this default cache must be this user's alone",
            "remove PATH as its owner or root (ocipkg creates it anew, private to this user), or"
                + " set ocipkg.cache.dir / OCIPKG_CACHE_DIR to a folder of this user's");
      }
      if ((mode & GROUP_WRITE) != 0) {
        return new Refusal(
            "is group-writable, and this default cache must be this user's alone",
            "run chmod 700 PATH; to share a cache with a group, set ocipkg.cache.dir /"
                + " OCIPKG_CACHE_DIR to a folder made for it (chgrp GROUP DIR && chmod 2770 DIR)");
      }
      return null;
    }
    boolean groupShared = (mode & SETGID) != 0 && (mode & GROUP_WRITE) != 0 && me.inGroup(gid);
    if (!mine && uid != 0 && !groupShared) {
      return new Refusal(
          "belongs to another user, who decides what it serves",
          "set ocipkg.cache.dir / OCIPKG_CACHE_DIR to a folder of this user's; " + shareFix);
    }
    if ((mode & GROUP_WRITE) != 0 && !me.inGroup(gid)) {
      return new Refusal(
          "is writable by a group this user is not in",
          "run chmod g-w PATH, or chgrp it to a group of this user's");
    }
    return null;
  }

  /**
   * A subfolder is refused only if another user owns it and it is not of the group that shares the
   * cache (setgid, passed on from the cache's folder, with a group of ours): one a member made
   * without group write is theirs to fix, which a write there says, not a plant.
   */
  private static @Nullable Refusal subfolderRefusal(
      int mode, long uid, long gid, ProcessIdentity me) {
    if (!me.known() || uid == me.uid() || uid == 0) {
      return null;
    }
    if ((mode & SETGID) != 0 && me.inGroup(gid)) {
      return null;
    }
    return new Refusal(
        "belongs to another user, who could have planted what it holds",
        "remove PATH as its owner or root (ocipkg makes it again), and make sure no other user"
            + " can write the cache");
  }

  /** What is wrong, said after the folder's description; how to fix it. */
  record Refusal(String wrong, String fix) {}

  private static @Nullable Map<String, Object> unixAttributes(Path folder, boolean followLinks) {
    try {
      return followLinks
          ? Files.readAttributes(folder, "unix:mode,uid,gid")
          : Files.readAttributes(folder, "unix:mode,uid,gid", LinkOption.NOFOLLOW_LINKS);
    } catch (NoSuchFileException e) {
      return null;
    } catch (UnsupportedOperationException | IllegalArgumentException | IOException e) {
      return null; // no POSIX attributes here (or unreadable: using it reports the real error)
    }
  }

  /**
   * "owner uid N (name), group gid G (name), mode 0NNN" of {@code path}, links not followed; for a
   * message about it. Empty if it has no POSIX attributes.
   */
  static String describe(Path path) {
    @Nullable Map<String, Object> unix = unixAttributes(path, false);
    return unix == null
        ? ""
        : describe(
            path,
            (Integer) unix.get("mode"),
            ((Number) unix.get("uid")).longValue(),
            ((Number) unix.get("gid")).longValue());
  }

  private static String describe(Path path, int mode, long uid, long gid) {
    return "owner " + owner(path, uid) + ", group " + group(path, gid) + ", mode " + octal(mode);
  }

  /** Whether {@code folder} has the setgid bit (links not followed); false without POSIX. */
  static boolean isSetgid(Path folder) {
    @Nullable Map<String, Object> unix = unixAttributes(folder, false);
    return unix != null && ((Integer) unix.get("mode") & SETGID) != 0;
  }

  static String octal(int mode) {
    String digits = Integer.toOctalString(mode & 07777);
    return "0".repeat(Math.max(0, 4 - digits.length())) + digits;
  }

  private static String owner(Path path, long uid) {
    return "uid " + uid + nameOf(path, true);
  }

  private static String group(Path path, long gid) {
    return "gid " + gid + nameOf(path, false);
  }

  /** " (name)" of the owner or group, when the system has one; only for a message. */
  private static String nameOf(Path path, boolean owner) {
    try {
      PosixFileAttributes a =
          Files.readAttributes(path, PosixFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
      String name = owner ? a.owner().getName() : a.group().getName();
      return name.chars().allMatch(Character::isDigit) ? "" : " (" + name + ")";
    } catch (IOException | RuntimeException e) {
      return "";
    }
  }
}
