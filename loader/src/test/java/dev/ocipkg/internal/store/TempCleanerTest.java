package dev.ocipkg.internal.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The cleaner of {@code tmp/} decides liveness by the owner's lock, which every process sharing the
 * store sees: a live owner's work survives a cleaner in another process, a dead owner's goes.
 */
class TempCleanerTest {
  private static final String LIVE = "0123456789abcdef";
  private static final String DEAD = "fedcba9876543210";
  private static final String FORGOTTEN = "00000000deadbeef";

  @TempDir Path root;
  private Path tmp;
  private Path owners;

  @BeforeEach
  void layout() throws Exception {
    tmp = Files.createDirectories(root.resolve("tmp"));
    owners = Files.createDirectories(root.resolve("locks/owners"));
  }

  @Test
  void aLiveOwnersWorkSurvivesAndADeadOwnersIsRemoved() throws Exception {
    Path liveLock = owners.resolve(LIVE + ".lock");
    Path deadLock = Files.createFile(owners.resolve(DEAD + ".lock")); // its process has exited
    Path livePackage = packageFolder("package-aa." + LIVE + ".1234");
    Path liveBlob = Files.createFile(tmp.resolve("blob-bb." + LIVE + ".5678.part"));
    Path deadPackage = packageFolder("package-aa." + DEAD + ".1234");
    Path deadBlob = Files.createFile(tmp.resolve("blob-bb." + DEAD + ".5678.part"));
    Path forgottenBlob = Files.createFile(tmp.resolve("blob-cc." + FORGOTTEN + ".1.part"));

    Process holder = holdLock(liveLock);
    try {
      new ContentStore(root).cleanAbandonedTemps();
    } finally {
      holder.getOutputStream().close();
      assertThat(holder.waitFor(30, TimeUnit.SECONDS)).isTrue();
    }

    assertThat(livePackage.resolve("lib/libfoo.so")).exists();
    assertThat(liveBlob).exists();
    assertThat(liveLock).exists();
    assertThat(deadPackage).doesNotExist();
    assertThat(deadBlob).doesNotExist();
    assertThat(deadLock).as("a dead owner's lock file goes after its work").doesNotExist();
    assertThat(forgottenBlob).as("an owner whose lock file is gone is gone").doesNotExist();
  }

  @Test
  void namesOfAnotherFormAreJudgedByAge() throws Exception {
    Path recent = Files.createFile(tmp.resolve("blob-aa.12345.678.part")); // an older version's
    Path old = Files.createFile(tmp.resolve("something-else"));
    Files.setLastModifiedTime(old, FileTime.from(Instant.now().minus(Duration.ofDays(2))));

    new ContentStore(root).cleanAbandonedTemps();

    assertThat(recent).exists();
    assertThat(old).doesNotExist();
  }

  @Test
  void thisProcesssOwnWorkSurvivesItsOwnCleaner() throws Exception {
    ContentStore store = new ContentStore(root);
    Path mine = store.newTempDirectory("package-aa");
    Path ours = new ContentStore(root).newTempFile("blob-bb");

    new ContentStore(root).cleanAbandonedTemps();
    store.cleanAbandonedTemps();

    assertThat(mine).exists();
    assertThat(ours).exists();
    try (var lockFiles = Files.list(owners)) {
      assertThat(lockFiles).hasSize(1);
    }
  }

  @Test
  void anotherCopyOfOcipkgInThisJvmKeepsItsWorkAndItsLock() throws Exception {
    Path mine = new ContentStore(root).newTempFile("blob-aa");
    String id = TempNames.ownerId(mine.getFileName().toString());
    assertThat(id).isNotNull();

    // As another copy (another class loader) cleans: it does not know this copy's id.
    TempNames.cleanAbandoned(tmp, owners, null);

    assertThat(mine).exists();
    // Opening and closing a channel of the lock file here would have dropped the lock.
    assertThat(probeLock(owners.resolve(id + ".lock"))).isEqualTo("held");
  }

  @Test
  void aFifoPlantedAsAnOwnerLockIsNeverOpened() throws Exception {
    Path fifo = owners.resolve(DEAD + ".lock");
    Process mkfifo = new ProcessBuilder("mkfifo", fifo.toString()).inheritIO().start();
    assertThat(mkfifo.waitFor()).isZero();
    Path work = Files.createFile(tmp.resolve("blob-bb." + DEAD + ".1.part"));

    new ContentStore(root).cleanAbandonedTemps(); // would block forever opening the FIFO

    assertThat(work).as("not ours to judge: kept").exists();
  }

  private static String probeLock(Path lockFile) throws Exception {
    Process p = java(lockFile.toString(), "probe");
    BufferedReader out =
        new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
    String line = out.readLine();
    assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
    return line;
  }

  private static Process java(String... args) throws Exception {
    java.util.List<String> command =
        new java.util.ArrayList<>(
            java.util.List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp",
                System.getProperty("java.class.path"),
                LockHolderMain.class.getName()));
    command.addAll(java.util.List.of(args));
    return new ProcessBuilder(command).redirectErrorStream(true).start();
  }

  private Path packageFolder(String name) throws Exception {
    Path dir = Files.createDirectories(tmp.resolve(name).resolve("lib"));
    Files.writeString(dir.resolve("libfoo.so"), "ELF");
    return tmp.resolve(name);
  }

  private static Process holdLock(Path lockFile) throws Exception {
    Process p = java(lockFile.toString());
    BufferedReader out =
        new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
    String line = out.readLine();
    assertThat(line).as("the lock holder's first line").isEqualTo("locked");
    return p;
  }
}
