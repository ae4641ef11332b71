package dev.ocipkg.tools.lock;

import java.util.Locale;

/** How a lock file is brought up to date, as Bazel's {@code --lockfile_mode}. */
public enum LockMode {
  /**
   * Keeps the pins of references still named, resolves the new ones, drops the unused: tags that
   * moved since stay pinned where they were. The default.
   */
  UPDATE,
  /** Resolves every named reference again, as if there were no lock file. */
  REFRESH,
  /**
   * Writes nothing; fails naming each named reference the lock file lacks, each entry no longer
   * named, and each entry whose platform manifests are not those of the digest it pins (read by
   * that digest: a tag moved since is not an error). For CI.
   */
  ERROR;

  /**
   * The mode named {@code text}, in any case.
   *
   * @throws IllegalArgumentException naming the modes there are
   */
  public static LockMode parse(String text) {
    for (LockMode mode : values()) {
      if (mode.name().equalsIgnoreCase(text.strip())) {
        return mode;
      }
    }
    throw new IllegalArgumentException(
        "unknown lock mode \"" + text + "\": expected update, refresh or error");
  }

  /** The name as the command line and the Maven goal take it: {@code update}. */
  public String label() {
    return name().toLowerCase(Locale.ROOT);
  }
}
