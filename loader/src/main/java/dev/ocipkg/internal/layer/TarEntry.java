package dev.ocipkg.internal.layer;

/**
 * One logical tar entry, after GNU long-name and PAX headers were applied.
 *
 * @param name the entry name as the archive spells it
 * @param type what the entry is
 * @param typeFlag the raw header type flag, for messages
 * @param mode the permission bits, including setuid/setgid/sticky (07777)
 * @param size the bytes of content that follow the header (0 for links, directories, devices)
 * @param linkName the target of a symbolic or hard link; empty otherwise
 */
record TarEntry(String name, Type type, char typeFlag, int mode, long size, String linkName) {

  enum Type {
    FILE,
    DIRECTORY,
    SYMLINK,
    HARD_LINK,
    CHARACTER_DEVICE,
    BLOCK_DEVICE,
    FIFO,
    /** Anything else: GNU sparse and multi-volume files, vendor extensions. */
    UNSUPPORTED
  }
}
