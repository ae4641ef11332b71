package dev.ocipkg.internal;

import dev.ocipkg.ImageReference;
import dev.ocipkg.NativeLoadException;
import dev.ocipkg.internal.store.ContentStore;
import dev.ocipkg.internal.store.UnsafeCacheException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The caches a loader was configured with, each checked before a load first reads it: a read-only
 * cache must be there and readable (a misspelt or unmounted one would otherwise be a silent miss,
 * every load going to the network), and no cache may let other users plant files in it. Once per
 * cache and loader: a stat or two per folder.
 */
final class CacheFolders {
  static final String READ_ONLY_SETTING =
      "ocipkg.cache.readonly / OCIPKG_CACHE_READONLY (or NativeLoader.Builder.readOnlyCache)";
  static final String CACHE_SETTING =
      "ocipkg.cache.dir / OCIPKG_CACHE_DIR (or NativeLoader.Builder.cacheDir)";

  private CacheFolders() {}

  /**
   * @param readOnly whether {@code cache} is a read-only one, which must exist
   * @param perUser whether {@code cache} is the per-user default rather than a named folder
   * @throws NativeLoadException naming the cache, the setting it came from, what is wrong and the
   *     fix
   */
  static void check(
      ContentStore cache,
      boolean readOnly,
      boolean perUser,
      ImageReference reference,
      String platform) {
    if (readOnly) {
      checkReadable(cache.root(), reference, platform);
    }
    try {
      cache.checkOwnership();
    } catch (RuntimeException e) {
      // Told by instanceof, not caught by type: a handler's type is loaded with this class.
      if (!(e instanceof UnsafeCacheException)) {
        throw e;
      }
      throw NativeLoadException.builder(
              "refusing "
                  + (readOnly
                      ? "the read-only cache named in " + READ_ONLY_SETTING
                      : perUser ? "the per-user cache" : "the cache named in " + CACHE_SETTING)
                  + " for "
                  + reference
                  + ": "
                  + e.getMessage())
          .reference(reference.toString())
          .registry(reference.source())
          .platform(platform)
          .hint(((UnsafeCacheException) e).fix())
          .cause(e)
          .build();
    }
  }

  private static void checkReadable(Path folder, ImageReference reference, String platform) {
    String wrong;
    if (!Files.exists(folder)) {
      wrong = "does not exist";
    } else if (!Files.isDirectory(folder)) {
      wrong = "is not a folder";
    } else if (!Files.isReadable(folder) || !Files.isExecutable(folder)) {
      wrong = "cannot be read by this user";
    } else {
      return;
    }
    throw NativeLoadException.builder(
            "the read-only cache "
                + folder
                + " named in "
                + READ_ONLY_SETTING
                + " "
                + wrong
                + ", so nothing could be loaded from it (loading "
                + reference
                + ")")
        .reference(reference.toString())
        .registry(reference.source())
        .platform(platform)
        .hint(
            "mount or fill "
                + folder
                + " (ocipkg fetch when the image is built), make it readable by this user, or"
                + " remove it from the setting")
        .build();
  }
}
