package dev.ocipkg.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ocipkg.testing.FaultProxy;
import dev.ocipkg.testing.LayerFiles;
import dev.ocipkg.testing.OciLayoutWriter;
import dev.ocipkg.testing.OtherUser;
import dev.ocipkg.testing.RegistryExtension;
import dev.ocipkg.testing.Skopeo;
import dev.ocipkg.testing.WrittenLayout;
import dev.ocipkg.testlibs.NativeTestLibs;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Many users, one host: a cache in a setgid folder of a group, used by JVMs of two users of that
 * group (uids with no passwd entry, switched to with setpriv) that run with umask 002. Everything
 * either makes keeps group access, one user's work in progress never blocks or breaks the other's,
 * and what one publishes the other loads. The tests run as root, which ignores file modes; only
 * other users show what the modes allow.
 */
class GroupSharedCacheIT {
  private static final int GROUP = 4300;
  private static final int ALICE = 4301;
  private static final int BOB = 4302;

  /** Owns what neither user may delete. */
  private static final int STRANGER = 4399;

  /** An owner id of the store's form with no lock file: a process that is gone. */
  private static final String DEAD_OWNER = "00000000deadbeef";

  @RegisterExtension static final RegistryExtension registry = RegistryExtension.anonymous();

  @TempDir Path work;
  private Path shared;
  private String classPath;

  @BeforeEach
  void makeASetgidFolderOfTheGroup() throws Exception {
    // JUnit makes its folder 0700; the users must reach the cache and the class path inside it.
    Files.setPosixFilePermissions(work, PosixFilePermissions.fromString("rwxr-xr-x"));
    shared = groupFolder(work.resolve("shared"));
    classPath = OtherUser.classPathReadableByAll(work.resolve("classpath"));
  }

  @Test
  void twoUsersLoadConcurrentlyAndEverythingTheyMakeKeepsGroupAccess() throws Exception {
    String demo = push("acme/demo", DemoArtifact.writeLayout(work), DemoArtifact.TAG);
    String other = push("acme/other", layout("other", 1), "1.0");
    String third = push("acme/third", layout("third", 2), "1.0");
    // Work of a dead process that neither user may delete: both loads must go on regardless.
    Path stuck = groupFolder(shared.resolve("tmp")).resolve("package-x." + DEAD_OWNER + ".stuck");
    Files.createDirectories(stuck.resolve("sub"));
    Files.writeString(stuck.resolve("sub/file"), "left behind");
    Files.setAttribute(stuck.resolve("sub"), "unix:uid", STRANGER);
    Files.setAttribute(stuck.resolve("sub"), "unix:mode", 0755);

    Process alice = asUser(ALICE, "002", "alice.log", demo, other);
    Process bob = asUser(BOB, "002", "bob.log", demo, third);

    String aliceSaid = finished(alice, "alice.log", 0);
    String bobSaid = finished(bob, "bob.log", 0);
    assertThat(aliceSaid.split("loaded " + shared.resolve("packages"), -1)).hasSize(3);
    assertThat(bobSaid.split("loaded " + shared.resolve("packages"), -1)).hasSize(3);
    assertThat(stuck.resolve("sub/file")).as("what no user may delete").exists();

    // What alice published (her package of "other", her record of it) bob loads from the cache.
    registry.accessLog().clear();
    String bobAgain = finished(asUser(BOB, "002", "bob-again.log", other), "bob-again.log", 0);
    assertThat(bobAgain).contains("loaded " + shared.resolve("packages"));
    assertThat(registry.accessLog().entries()).as("bob's warm load of alice's package").isEmpty();

    List<String> wrong = new ArrayList<>();
    List<Integer> owners = new ArrayList<>();
    try (Stream<Path> walk = Files.walk(shared)) {
      for (Path p : (Iterable<Path>) walk::iterator) {
        if (p.startsWith(stuck)) {
          continue;
        }
        Map<String, Object> a =
            Files.readAttributes(p, "unix:mode,uid,gid", LinkOption.NOFOLLOW_LINKS);
        int mode = (Integer) a.get("mode");
        int uid = (Integer) a.get("uid");
        owners.add(uid);
        String entry =
            shared.relativize(p)
                + " "
                + Integer.toOctalString(mode)
                + " "
                + uid
                + ":"
                + a.get("gid");
        if (!a.get("gid").equals(GROUP)) {
          wrong.add(entry + ": not the cache's group");
        }
        if (Files.isSymbolicLink(p)) {
          continue;
        }
        if (Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)) {
          if ((mode & 02070) != 02070) {
            wrong.add(entry + ": a folder without setgid and group rwx");
          }
        } else if (shared.relativize(p).startsWith("packages")) {
          if ((mode & 0040) == 0) {
            wrong.add(entry + ": a package file the group cannot read");
          }
        } else if ((mode & 0060) != 0060) {
          wrong.add(entry + ": a file of the cache without group read and write");
        }
      }
    }
    assertThat(wrong).as("entries of the shared cache").isEmpty();
    assertThat(owners).as("owners of the shared cache's entries").contains(ALICE, BOB);
  }

  @Test
  void aLockFileTheUserCannotOpenForWritingFailsTheLoadSayingWhoseItIs() throws Exception {
    WrittenLayout layout = DemoArtifact.writeLayout(work);
    String demo = push("acme/demo", layout, DemoArtifact.TAG);
    // Made by a user whose umask was 022 where the group shares the cache.
    Path lockFile =
        groupFolder(shared.resolve("locks"))
            .resolve("package-" + hex(layout.manifest("linux/amd64").digest()) + ".lock");
    Files.createFile(lockFile);
    Files.setAttribute(lockFile, "unix:uid", ALICE);
    Files.setAttribute(lockFile, "unix:gid", GROUP);
    Files.setAttribute(lockFile, "unix:mode", 0644);

    String said = finished(asUser(BOB, "002", "bob.log", demo), "bob.log", 3);

    assertThat(said)
        .contains("cannot open the lock file " + lockFile)
        .contains("owner uid " + ALICE)
        .contains("mode 0644")
        .contains("chmod g+w " + lockFile)
        .contains("umask 002");
  }

  @Test
  void aFolderAnotherUserMadeWithoutGroupWriteFailsTheLoadSayingWhoseItIs() throws Exception {
    String demo = push("acme/demo", DemoArtifact.writeLayout(work), DemoArtifact.TAG);
    // What alice's umask 022 makes in the shared cache.
    Path tmp = Files.createDirectory(shared.resolve("tmp"));
    Files.setAttribute(tmp, "unix:uid", ALICE);
    Files.setAttribute(tmp, "unix:gid", GROUP);
    Files.setAttribute(tmp, "unix:mode", 02755);

    String said = finished(asUser(BOB, "002", "bob.log", demo), "bob.log", 3);

    assertThat(said)
        .contains("cannot be written to store it")
        .contains("(" + tmp + ": owner uid " + ALICE + ", group gid " + GROUP + ", mode 2755)")
        .contains("chmod -R g+w " + tmp)
        .contains("every user run with umask 002");
  }

  @Test
  void aCleanerOfAnotherUserKeepsLiveWorkItCannotProbeAndRemovesWhatTheDeadLeft() throws Exception {
    WrittenLayout layout =
        ManyFilesArtifact.push(
            registry.server(), Files.createDirectories(work.resolve("many")), 5_000, 7);
    long layerSize = layout.manifest("linux/amd64").layerSize();
    Path tmp = groupFolder(shared.resolve("tmp"));
    Path owners = groupFolder(groupFolder(shared.resolve("locks")).resolve("owners"));
    try (FaultProxy slow =
        FaultProxy.inFrontOf(registry.server()).throttle(Math.max(layerSize / 10, 16 * 1024))) {
      // Alice's umask leaves her owner lock 0644: bob cannot open it to see whether she lives.
      Process alice =
          asUser(ALICE, "022", "alice.log", slow.host() + "/" + ManyFilesArtifact.REFERENCE);
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
      while ((slow.bytesDown() < layerSize / 4 || alicesWork(tmp).isEmpty())
          && System.nanoTime() < deadline) {
        assertThat(alice.isAlive()).as(Files.readString(work.resolve("alice.log"))).isTrue();
        Thread.sleep(20);
      }
      List<Path> inProgress = alicesWork(tmp);
      assertThat(inProgress).as("alice's package in progress").isNotEmpty();
      // Planted once alice's own cleaning is done: a dead owner's work and lock file.
      Path deadWork = Files.writeString(tmp.resolve("blob-x." + DEAD_OWNER + ".part"), "partial");
      Path deadLock = Files.createFile(owners.resolve("00000000feedf00d.lock"));
      Path deadLocksWork = Files.writeString(tmp.resolve("blob-y.00000000feedf00d.part"), "more");
      // An owner gone with no work left: only the cleaning of lock files, after the temps, sees it.
      Path idleLock = Files.createFile(owners.resolve("00000000cafef00d.lock"));
      for (Path p : List.of(deadWork, deadLock, deadLocksWork, idleLock)) {
        Files.setAttribute(p, "unix:mode", 0664);
      }

      // Held to a trickle (still above the loader's stall bound) until the cleaner is done, so
      // alice is still at work however long bob's JVM takes to start.
      slow.throttle(16 * 1024);
      Process cleaner =
          JavaProcesses.start(
              work.resolve("bob-cleaner.log"),
              withUmask(BOB, "002"),
              classPath,
              Map.of(),
              List.of(),
              CleanMain.class.getName(),
              shared.toString());
      assertThat(cleaner.waitFor(60, TimeUnit.SECONDS)).as("bob's cleaner finished").isTrue();
      assertThat(cleaner.exitValue())
          .as(Files.readString(work.resolve("bob-cleaner.log")))
          .isZero();
      assertThat(alice.isAlive()).as("bob cleaned while alice was still extracting").isTrue();
      slow.throttle(Math.max(layerSize / 10, 16 * 1024));
      assertThat(inProgress).as("alice's work after bob's cleaner").allMatch(Files::exists);
      assertThat(deadWork).as("a dead owner's work").doesNotExist();
      assertThat(deadLocksWork).as("the work of an owner whose lock bob could take").doesNotExist();
      assertThat(deadLock).as("that owner's lock file").doesNotExist();
      assertThat(idleLock).as("the lock file of an owner gone without work").doesNotExist();

      String aliceSaid = finished(alice, "alice.log", 0);
      assertThat(aliceSaid).contains("loaded " + shared.resolve("packages"));
    }
  }

  /** Alice's temps: every owner's but the dead ones planted here. */
  private static List<Path> alicesWork(Path tmp) throws IOException {
    try (Stream<Path> entries = Files.list(tmp)) {
      return entries
          .filter(p -> p.getFileName().toString().startsWith("package-"))
          .filter(p -> !p.getFileName().toString().contains(DEAD_OWNER))
          .toList();
    }
  }

  /** {@code folder}, created if missing, owned by root and the group, mode 2770. */
  private static Path groupFolder(Path folder) throws IOException {
    Files.createDirectories(folder);
    Files.setAttribute(folder, "unix:gid", GROUP);
    Files.setAttribute(folder, "unix:mode", 02770);
    return folder;
  }

  private Process asUser(int uid, String umask, String log, String... references)
      throws IOException {
    return JavaProcesses.start(
        work.resolve(log),
        withUmask(uid, umask),
        classPath,
        Map.of(),
        List.of("-Docipkg.cache.dir=" + shared),
        ReadOnlyLoadMain.class.getName(),
        references);
  }

  /** setpriv to {@code uid} of the group (no passwd entry needed), then the umask, then java. */
  private static List<String> withUmask(int uid, String umask) {
    return List.of(
        "setpriv",
        "--reuid=" + uid,
        "--regid=" + GROUP,
        "--clear-groups",
        "--",
        "sh",
        "-c",
        "umask " + umask + " && exec \"$0\" \"$@\"");
  }

  private String finished(Process p, String log, int exitCode) throws Exception {
    assertThat(p.waitFor(120, TimeUnit.SECONDS)).as("the JVM of " + log + " finished").isTrue();
    String text = Files.readString(work.resolve(log));
    assertThat(p.exitValue()).as(text).isEqualTo(exitCode);
    return text;
  }

  private static String push(String repository, WrittenLayout layout, String tag)
      throws IOException {
    Skopeo.locate().copyAll(layout.directory(), tag, registry.server(), repository + ":" + tag);
    return registry.server().host() + "/" + repository + ":" + tag;
  }

  /** A package of the demo libraries and files of its own, one in a folder. */
  private WrittenLayout layout(String name, int seed) throws IOException {
    Path files = Files.createDirectories(work.resolve(name + "-files"));
    NativeTestLibs.copyPackageTo(files);
    Files.writeString(files.resolve("NOTICE"), name + " " + seed, StandardCharsets.UTF_8);
    // Folders inside a package too: an archive's entry and one made on the way to a file.
    Files.writeString(Files.createDirectories(files.resolve("share/doc")).resolve("README"), name);
    return OciLayoutWriter.create()
        .tag("1.0")
        .platform("linux/amd64", LayerFiles.fromDirectory(files))
        .write(work.resolve(name + "-layout"));
  }

  private static String hex(String digest) {
    return digest.substring(digest.indexOf(':') + 1);
  }
}
