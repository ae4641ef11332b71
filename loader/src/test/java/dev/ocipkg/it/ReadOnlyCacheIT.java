package dev.ocipkg.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import dev.ocipkg.NativeLoader;
import dev.ocipkg.testing.LayerFiles;
import dev.ocipkg.testing.OciLayoutWriter;
import dev.ocipkg.testing.WrittenLayout;
import dev.ocipkg.testlibs.NativeTestLibs;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
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
  private static final int NOBODY = 65534;

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
    makeReadOnly(baked);

    writableParent = Files.createDirectories(work.resolve("writable"));
    Files.setPosixFilePermissions(writableParent, PosixFilePermissions.fromString("rwxrwxrwx"));
    asNobody = userSwitch();
    classPath = classPathReadableByAll();
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
        .contains("name " + baked + " in ocipkg.cache.readonly");
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

  private String runAsNobody(String log, int exitCode, List<String> settings, String... references)
      throws Exception {
    return runAsNobody(log, exitCode, ReadOnlyLoadMain.class, settings, references);
  }

  private String runAsNobody(
      String log, int exitCode, Class<?> main, List<String> settings, String... references)
      throws Exception {
    Path output = work.resolve(log);
    Process p =
        JavaProcesses.start(
            output, asNobody, classPath, Map.of(), settings, main.getName(), references);
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

  /** Owned by root, folders 0555, files 0444: what a cache in an image layer looks like. */
  private static void makeReadOnly(Path root) throws IOException {
    UserPrincipal rootUser =
        root.getFileSystem().getUserPrincipalLookupService().lookupPrincipalByName("root");
    try (Stream<Path> walk = Files.walk(root)) {
      for (Path p : (Iterable<Path>) walk::iterator) {
        if (Files.isSymbolicLink(p)) {
          continue;
        }
        Files.setOwner(p, rootUser);
        Files.setPosixFilePermissions(
            p,
            PosixFilePermissions.fromString(
                Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS) ? "r-xr-xr-x" : "r--r--r--"));
      }
    }
  }

  /** Every entry under {@code root}: type, size, modification time, owner and mode. */
  private static Map<String, String> listing(Path root) throws IOException {
    Map<String, String> entries = new TreeMap<>();
    try (Stream<Path> walk = Files.walk(root)) {
      for (Path p : (Iterable<Path>) walk::iterator) {
        PosixFileAttributes a =
            Files.readAttributes(p, PosixFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        String type =
            a.isDirectory() ? "d" : a.isSymbolicLink() ? "l" : a.isRegularFile() ? "f" : "?";
        entries.put(
            root.relativize(p).toString(),
            type
                + " "
                + a.size()
                + " "
                + a.lastModifiedTime()
                + " "
                + a.owner().getName()
                + " "
                + PosixFilePermissions.toString(a.permissions()));
      }
    }
    assertThat(entries).as("the baked cache holds packages").containsKey("packages");
    return entries;
  }

  /**
   * The command prefix that runs a program as nobody: setpriv, else runuser; checked by running
   * {@code id -u} through it. Neither working fails the test: it must not pass unproven.
   */
  private static List<String> userSwitch() throws Exception {
    List<List<String>> candidates =
        List.of(
            List.of("setpriv", "--reuid=" + NOBODY, "--regid=" + NOBODY, "--clear-groups", "--"),
            List.of("runuser", "-u", "nobody", "--"));
    List<String> tried = new ArrayList<>();
    for (List<String> prefix : candidates) {
      List<String> command = new ArrayList<>(prefix);
      command.add("id");
      command.add("-u");
      try {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        if (p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0 && out.equals("" + NOBODY)) {
          return prefix;
        }
        tried.add(String.join(" ", command) + " -> " + out);
      } catch (IOException e) {
        tried.add(String.join(" ", command) + " -> " + e.getMessage());
      }
    }
    return fail(
        "cannot run a process as nobody (uid "
            + NOBODY
            + "), which this test needs to prove that a read-only cache is not written; tried "
            + tried
            + ". Install util-linux (setpriv) and run the tests as root");
  }

  /** The test's class path with each jar copied into a world-readable folder of this test. */
  private String classPathReadableByAll() throws IOException {
    Path jars = Files.createDirectories(work.resolve("classpath"));
    Files.setPosixFilePermissions(jars, PosixFilePermissions.fromString("rwxr-xr-x"));
    List<String> entries = new ArrayList<>();
    int n = 0;
    for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
      Path path = Path.of(entry);
      if (Files.isRegularFile(path)) {
        Path copy = jars.resolve((n++) + "-" + path.getFileName());
        Files.copy(path, copy, StandardCopyOption.REPLACE_EXISTING);
        Files.setPosixFilePermissions(copy, PosixFilePermissions.fromString("rw-r--r--"));
        entries.add(copy.toString());
      } else {
        entries.add(entry);
      }
    }
    return String.join(File.pathSeparator, entries);
  }
}
