package dev.ocipkg.testing;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs child processes as another user than the tests' (which run as root, and root ignores file
 * modes): the command prefix that switches user, and the test's class path made readable by that
 * user ({@code /root}, where the Maven repository is, is not traversable by others).
 */
public final class OtherUser {
  /** The user {@code nobody}. */
  public static final int NOBODY = 65534;

  private OtherUser() {}

  /**
   * The command prefix that runs a program as {@code uid} (group {@code gid}, no supplementary
   * groups): setpriv, else runuser for nobody; checked by running {@code id -u} through it. Neither
   * working fails the test: it must not pass unproven.
   */
  public static List<String> switchTo(int uid, int gid) throws InterruptedException {
    List<List<String>> candidates = new ArrayList<>();
    candidates.add(List.of("setpriv", "--reuid=" + uid, "--regid=" + gid, "--clear-groups", "--"));
    if (uid == NOBODY) {
      candidates.add(List.of("runuser", "-u", "nobody", "--"));
    }
    List<String> tried = new ArrayList<>();
    for (List<String> prefix : candidates) {
      List<String> command = new ArrayList<>(prefix);
      command.add("id");
      command.add("-u");
      try {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        if (p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0 && out.equals("" + uid)) {
          return prefix;
        }
        tried.add(String.join(" ", command) + " -> " + out);
      } catch (IOException e) {
        tried.add(String.join(" ", command) + " -> " + e.getMessage());
      }
    }
    return fail(
        "cannot run a process as uid "
            + uid
            + ", which this test needs to prove what another user can and cannot write; tried "
            + tried
            + ". Install util-linux (setpriv) and run the tests as root");
  }

  /** As {@link #switchTo(int, int)} for nobody. */
  public static List<String> nobody() throws InterruptedException {
    return switchTo(NOBODY, NOBODY);
  }

  /**
   * This JVM's class path with each jar copied into {@code folder} (created world-readable) and
   * made world-readable; class folders (under {@code /work}) are used where they are.
   */
  public static String classPathReadableByAll(Path folder) throws IOException {
    Path jars = Files.createDirectories(folder);
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
