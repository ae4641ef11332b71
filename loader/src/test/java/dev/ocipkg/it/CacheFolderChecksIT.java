package dev.ocipkg.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ocipkg.NativeLoadException;
import dev.ocipkg.NativeLoader;
import dev.ocipkg.testing.WrittenLayout;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Where a cache is created and opened, its folders are checked for who may plant files in them, and
 * each read-only cache for being there at all: the load fails naming the folder, where it was
 * configured, its owner and mode, and the fix, before anything is written. The tests run as root,
 * so "another user" is a folder given another owner.
 */
class CacheFolderChecksIT {
  private static final int OTHER_USER = 4301;

  @TempDir Path work;
  private String reference;

  @BeforeEach
  void writeALayout() throws Exception {
    WrittenLayout layout = DemoArtifact.writeLayout(work);
    reference = "oci:" + layout.directory() + ":" + DemoArtifact.TAG;
  }

  @Test
  void aCacheEveryUserCanWriteIsRefusedStickyOrNot() throws Exception {
    for (int mode : new int[] {0777, 01777}) {
      Path cache = folder("cache-" + Integer.toOctalString(mode), 0, 0, mode);

      assertThatThrownBy(() -> NativeLoader.builder().cacheDir(cache).build().open(reference))
          .isInstanceOf(NativeLoadException.class)
          .hasMessageContaining("refusing the cache named in ocipkg.cache.dir / OCIPKG_CACHE_DIR")
          .hasMessageContaining("the cache folder " + cache + " (owner uid 0")
          .hasMessageContaining(
              "mode " + String.format("%04o", mode) + ") is writable by every user")
          .satisfies(
              e -> assertThat(((NativeLoadException) e).hint()).contains("chmod o-w " + cache));
      assertThat(entries(cache)).as("what the refused load wrote").isEmpty();
    }
  }

  @Test
  void aCacheOfAnotherUserIsRefusedUnlessItsGroupSharesItWithThisUser() throws Exception {
    Path cache = folder("theirs", OTHER_USER, OTHER_USER, 0755);

    assertThatThrownBy(() -> NativeLoader.builder().cacheDir(cache).build().open(reference))
        .isInstanceOf(NativeLoadException.class)
        .hasMessageContaining("owner uid " + OTHER_USER)
        .hasMessageContaining("belongs to another user");
    assertThat(entries(cache)).isEmpty();

    // Shared on purpose with a group this process is in (root's own).
    Files.setAttribute(cache, "unix:gid", 0);
    Files.setAttribute(cache, "unix:mode", 02770);
    assertThat(NativeLoader.builder().cacheDir(cache).build().open(reference).directory())
        .startsWith(cache);
  }

  @Test
  void thePerUserCacheIsCreatedPrivateAndRefusedOnceOthersMayWriteIt() throws Exception {
    Path xdg = Files.createDirectories(work.resolve("xdg"));
    Path cache = xdg.resolve("ocipkg");

    String first = defaultLoader("first.log", xdg, 0);

    assertThat(first).contains("loaded " + cache.resolve("packages"));
    assertThat(Files.getAttribute(cache, "unix:mode")).isEqualTo(040700);

    Files.setAttribute(cache, "unix:mode", 0775);
    String second = defaultLoader("second.log", xdg, 3);

    assertThat(second)
        .contains("refusing the per-user cache")
        .contains("mode 0775) is group-writable, and this default cache must be this user's alone")
        .contains("hint: run chmod 700 " + cache);
  }

  @Test
  void aReadOnlyCacheThatIsMissingOrNoFolderIsAnErrorNamingTheSetting() throws Exception {
    Path cache = work.resolve("cache");
    Path missing = work.resolve("missing");
    Path file = Files.writeString(work.resolve("a-file"), "not a cache");
    NativeLoader.builder().cacheDir(cache).build().open(reference); // even a warm load fails

    for (Path entry : new Path[] {missing, file}) {
      NativeLoader loader = NativeLoader.builder().cacheDir(cache).readOnlyCache(entry).build();
      assertThatThrownBy(() -> loader.open(reference))
          .isInstanceOf(NativeLoadException.class)
          .hasMessageContaining(
              "the read-only cache "
                  + entry
                  + " named in ocipkg.cache.readonly / OCIPKG_CACHE_READONLY")
          .hasMessageContaining(entry == missing ? "does not exist" : "is not a folder")
          .satisfies(
              e ->
                  assertThat(((NativeLoadException) e).hint())
                      .contains("remove it from the setting"));
    }
  }

  @Test
  void aReadOnlyCacheOthersMayWriteIsRefused() throws Exception {
    Path baked = work.resolve("baked");
    NativeLoader.builder().cacheDir(baked).build().open(reference);
    Files.setAttribute(baked, "unix:mode", 0777);
    NativeLoader loader =
        NativeLoader.builder().cacheDir(work.resolve("cache")).readOnlyCache(baked).build();

    assertThatThrownBy(() -> loader.open(reference))
        .isInstanceOf(NativeLoadException.class)
        .hasMessageContaining("refusing the read-only cache named in ocipkg.cache.readonly")
        .hasMessageContaining("the cache folder " + baked)
        .hasMessageContaining("is writable by every user");
  }

  /** A JVM whose loader has no cache set: the per-user default under {@code XDG_CACHE_HOME}. */
  private String defaultLoader(String log, Path xdg, int exitCode) throws Exception {
    Path output = work.resolve(log);
    Process p =
        JavaProcesses.start(
            output, Map.of("XDG_CACHE_HOME", xdg.toString()), ReadOnlyLoadMain.class, reference);
    assertThat(p.waitFor(120, TimeUnit.SECONDS)).as("the child JVM finished").isTrue();
    String text = Files.readString(output);
    assertThat(p.exitValue()).as(text).isEqualTo(exitCode);
    return text;
  }

  private Path folder(String name, int uid, int gid, int mode) throws Exception {
    Path folder = Files.createDirectory(work.resolve(name));
    Files.setAttribute(folder, "unix:uid", uid);
    Files.setAttribute(folder, "unix:gid", gid);
    Files.setAttribute(folder, "unix:mode", mode);
    return folder;
  }

  private static java.util.List<Path> entries(Path folder) throws Exception {
    try (Stream<Path> list = Files.list(folder)) {
      return list.toList();
    }
  }
}
