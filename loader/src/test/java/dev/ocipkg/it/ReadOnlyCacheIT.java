package dev.ocipkg.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ocipkg.NativeLoader;
import dev.ocipkg.testing.FileListing;
import dev.ocipkg.testing.LayerFiles;
import dev.ocipkg.testing.OciLayoutWriter;
import dev.ocipkg.testing.OtherUser;
import dev.ocipkg.testing.WrittenLayout;
import dev.ocipkg.testlibs.NativeTestLibs;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A cache baked into an image: filled here, then owned by root with every folder 0555 and every
 * file 0444, and loaded from by a child JVM running as nobody (uid 65534), which cannot write a
 * byte of it — the tests run as root, and root ignores file modes, so only another user shows what
 * a read-only mount does. Each case compares a listing of the cache (type, size, modification time,
 * mode) before and after.
 *
 * <p>The child's class path must be readable by nobody: {@code /root} (where the Maven repository
 * is) is not traversable by other users, so every jar of the class path is copied to a folder of
 * this test, made world-readable; class folders under {@code /work} are used where they are.
 */
@Tag("java17")
class ReadOnlyCacheIT {
  @TempDir Path work;
  private Path baked;
  private Path writableParent;
  private String byTag;
  private String byDigest;
  private String other;
  private List<String> asNobody;
  private String classPath;

  @BeforeEach
  void bakeACacheOwnedByRoot() throws Exception {
    // JUnit makes its folder 0700; nobody must reach the layouts and the cache inside it.
    Files.setPosixFilePermissions(work, PosixFilePermissions.fromString("rwxr-xr-x"));
    WrittenLayout layout = DemoArtifact.writeLayout(work);
    byTag = "oci:" + layout.directory() + ":" + DemoArtifact.TAG;
    byDigest = "oci:" + layout.directory() + "@" + layout.indexDigest();
    other = "oci:" + otherLayout().directory() + ":2.0";

    baked = work.resolve("baked");
    NativeLoader filler = NativeLoader.builder().cacheDir(baked).build();
    filler.open(byTag);
    filler.open(byDigest);
    FileListing.makeReadOnlyOwnedByRoot(baked);

    writableParent = Files.createDirectories(work.resolve("writable"));
    Files.setPosixFilePermissions(writableParent, PosixFilePermissions.fromString("rwxrwxrwx"));
    asNobody = OtherUser.nobody();
    classPath = OtherUser.classPathReadableByAll(work.resolve("classpath"));
  }

  @Test
  void aLayeredReadOnlyCacheServesWarmLoadsAndTheWritableOneTakesTheMisses() throws Exception {
    Map<String, String> before = listing(baked);
    Path writable = writableParent.resolve("cache");
    List<String> settings =
        List.of("-Docipkg.cache.dir=" + writable, "-Docipkg.cache.readonly=" + baked);

    String warm = runAsNobody("warm.log", 0, settings, byTag, byDigest);

    assertThat(warm.split("loaded " + baked.resolve("packages"), -1)).hasSize(3);
    assertThat(listing(baked)).as("the read-only cache after warm loads").isEqualTo(before);
    assertThat(writable).as("the writable cache after warm hits").doesNotExist();

    String cold = runAsNobody("cold.log", 0, settings, other);

    assertThat(cold).contains("loaded " + writable.resolve("packages"));
    assertThat(listing(baked)).as("the read-only cache after a cold load").isEqualTo(before);
  }

  @Test
  void theReadOnlyCacheAsTheCacheServesWarmLoadsAndSaysWhyAColdOneCannotBeStored()
      throws Exception {
    Map<String, String> before = listing(baked);
    List<String> settings = List.of("-Docipkg.cache.dir=" + baked);

    String warm = runAsNobody("warm.log", 0, settings, byTag, byDigest);

    assertThat(warm.split("loaded " + baked.resolve("packages"), -1)).hasSize(3);
    assertThat(listing(baked)).as("the read-only cache after warm loads").isEqualTo(before);

    String cold = runAsNobody("cold.log", 3, settings, other);

    assertThat(cold)
        .contains("the cache folder " + baked + " cannot be written to store it")
        .contains("set ocipkg.cache.dir / OCIPKG_CACHE_DIR to a folder this user can write")
        .contains("name " + baked + " in ocipkg.cache.readonly")
        .doesNotContain("shared by a group");
    assertThat(listing(baked)).as("the read-only cache after a failed cold load").isEqualTo(before);
  }

  @Test
  void aJniCopyForASecondClassLoaderGoesInTheWritableCacheOrFailsSayingSo() throws Exception {
    Map<String, String> before = listing(baked);
    Path writable = writableParent.resolve("cache");

    String layered =
        runAsNobody(
            "jni-layered.log",
            0,
            ReadOnlyJniMain.class,
            List.of("-Docipkg.cache.dir=" + writable, "-Docipkg.cache.readonly=" + baked),
            byDigest);

    assertThat(layered)
        .contains("jni " + baked.resolve("packages"))
        .contains("jni " + writable.resolve("loaders"));
    assertThat(listing(baked)).as("the read-only cache after JNI loads").isEqualTo(before);

    String alone =
        runAsNobody(
            "jni-alone.log",
            3,
            ReadOnlyJniMain.class,
            List.of("-Docipkg.cache.dir=" + baked),
            byDigest);

    assertThat(alone)
        .contains("cannot make a copy of")
        .contains("for another class loader in " + baked.resolve("loaders"))
        .contains("set ocipkg.cache.dir / OCIPKG_CACHE_DIR to a folder this user can write");
    assertThat(listing(baked)).as("the read-only cache after a failed copy").isEqualTo(before);
  }

  @Test
  void aJniCopyMadeBeforeThePerUserCacheExistsCreatesItThisUsersAlone() throws Exception {
    // Served from the read-only cache, the package never made the per-user default: the copy for
    // the second class loader is the first write there, and makes it 0700 as any other would.
    Path xdg = Files.createDirectories(writableParent.resolve("xdg"));
    Files.setPosixFilePermissions(xdg, PosixFilePermissions.fromString("rwxrwxrwx"));

    runAsNobody(
        "jni-default.log",
        0,
        ReadOnlyJniMain.class,
        Map.of("XDG_CACHE_HOME", xdg.toString()),
        List.of("-Docipkg.cache.readonly=" + baked),
        byDigest);

    assertThat(Files.getPosixFilePermissions(xdg.resolve("ocipkg")))
        .isEqualTo(PosixFilePermissions.fromString("rwx------"));
    assertThat(xdg.resolve("ocipkg").resolve("loaders")).isDirectory();
  }

  @Test
  void aReadOnlyCacheThisUserCannotReadIsAnErrorNamingTheSetting() throws Exception {
    Files.setPosixFilePermissions(baked, PosixFilePermissions.fromString("rwx------"));
    Path writable = writableParent.resolve("cache");

    String failed =
        runAsNobody(
            "unreadable.log",
            3,
            List.of("-Docipkg.cache.dir=" + writable, "-Docipkg.cache.readonly=" + baked),
            byTag);

    assertThat(failed)
        .contains(
            "the read-only cache "
                + baked
                + " named in ocipkg.cache.readonly / OCIPKG_CACHE_READONLY (or"
                + " NativeLoader.Builder.readOnlyCache) cannot be read by this user")
        .contains("make it readable by this user, or remove it from the setting");
    assertThat(writable).as("the writable cache after the refused load").doesNotExist();
  }

  private String runAsNobody(String log, int exitCode, List<String> settings, String... references)
      throws Exception {
    return runAsNobody(log, exitCode, ReadOnlyLoadMain.class, settings, references);
  }

  private String runAsNobody(
      String log, int exitCode, Class<?> main, List<String> settings, String... references)
      throws Exception {
    return runAsNobody(log, exitCode, main, Map.of(), settings, references);
  }

  private String runAsNobody(
      String log,
      int exitCode,
      Class<?> main,
      Map<String, String> environment,
      List<String> settings,
      String... references)
      throws Exception {
    Path output = work.resolve(log);
    Process p =
        JavaProcesses.start(
            output, asNobody, classPath, environment, settings, main.getName(), references);
    assertThat(p.waitFor(120, TimeUnit.SECONDS)).as("the child JVM finished").isTrue();
    String text = Files.readString(output);
    assertThat(p.exitValue()).as(text).isEqualTo(exitCode);
    return text;
  }

  /** Another package than the baked one: the same libraries and one more file. */
  private WrittenLayout otherLayout() throws IOException {
    Path files = Files.createDirectories(work.resolve("other-files"));
    NativeTestLibs.copyPackageTo(files);
    Files.writeString(files.resolve("NOTICE"), "another package", StandardCharsets.UTF_8);
    return OciLayoutWriter.create()
        .tag("2.0")
        .platform("linux/amd64", LayerFiles.fromDirectory(files))
        .write(work.resolve("other-layout"));
  }

  private static Map<String, String> listing(Path root) throws IOException {
    Map<String, String> entries = FileListing.of(root);
    assertThat(entries).as("the baked cache holds packages").containsKey("packages");
    return entries;
  }
}
