package dev.ocipkg.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OcipkgCommandTest {
  @TempDir Path work;

  @Test
  void helpAndVersionSucceed() {
    Cli help = Cli.run("--help");
    assertThat(help.exitCode()).isZero();
    assertThat(help.out())
        .contains("pack", "push", "pull", "load", "inspect", "resolve", "copy", "ls", "rm", "gc")
        .contains("login", "logout", "Exit codes: 0 success, 1 failure while working, 2 bad");
    assertThat(Cli.run("--version").exitCode()).isZero();
    assertThat(Cli.run("pack", "--help").out()).contains("--platform", "--archive", "--licenses");
  }

  @Test
  void unknownOptionIsAUsageErrorWithExitCode2() {
    assertBadArguments(Cli.run("--no-such-option"), "Unknown option: '--no-such-option'");
  }

  @Test
  void unknownPlatformStringIsExitCode2WithOneLine() throws Exception {
    Path dir = Files.createDirectories(work.resolve("dir"));
    Files.writeString(dir.resolve("libfoo.so"), "x");
    assertBadArguments(
        Cli.run("pack", "--platform", "linux=" + dir, "--output", work.resolve("o").toString()),
        "invalid platform \"linux\"");
    assertBadArguments(
        Cli.run("pack", "--platform", "linux/amd64/v3/x=" + dir, "-o", work + "/o"),
        "invalid platform");
    assertBadArguments(Cli.run("pull", "--platform", "nonsense", "oci:" + dir), "nonsense");
  }

  @Test
  void missingFolderIsExitCode2() {
    assertBadArguments(
        Cli.run("pack", "--platform", "linux/amd64=" + work.resolve("missing"), "-o", work + "/o"),
        "no such file or folder " + work.resolve("missing") + " for linux/amd64");
    assertThat(work.resolve("o")).doesNotExist();
  }

  @Test
  void referenceWithoutTagIsExitCode2WhereOneIsNeeded() throws Exception {
    Path dir = Files.createDirectories(work.resolve("dir"));
    Files.writeString(dir.resolve("libfoo.so"), "x");
    Path layout = work.resolve("layout");
    assertThat(Cli.run("pack", "-p", "linux/amd64=" + dir, "-o", layout.toString()).exitCode())
        .isZero();
    assertBadArguments(
        Cli.run("push", layout.toString(), "localhost:5000/acme/foo"),
        "\"localhost:5000/acme/foo\" has no tag; push needs one, e.g."
            + " localhost:5000/acme/foo:1.0");
    assertBadArguments(
        Cli.run("copy", "oci:" + layout, "localhost:5000/acme/foo"),
        "has no tag, and the source names none");
    assertBadArguments(Cli.run("push", layout.toString(), "Not A Reference"), "invalid image");
  }

  @Test
  void nothingToWriteIsExitCode2() throws Exception {
    Path dir = Files.createDirectories(work.resolve("dir"));
    Files.writeString(dir.resolve("libfoo.so"), "x");
    assertBadArguments(Cli.run("pack", "-p", "linux/amd64=" + dir), "nothing to write");
  }

  @Test
  void aFailureIsOneLinePlusAHintAndExitCode1() {
    Cli run = Cli.run("inspect", "oci:" + work.resolve("nothing-here") + ":1.0");
    assertThat(run.exitCode()).as(run.toString()).isEqualTo(1);
    assertThat(run.errLines()).hasSize(2);
    assertThat(run.errLines().get(0)).startsWith("ocipkg: error: ").contains("nothing-here");
    assertThat(run.errLines().get(1)).startsWith("hint: ");

    Cli verbose = Cli.run("--verbose", "inspect", "oci:" + work.resolve("nothing-here") + ":1.0");
    assertThat(verbose.exitCode()).isEqualTo(1);
    assertThat(verbose.err()).contains("\tat ");
  }

  @Test
  void twoPackRunsGiveTheSameDigestAndTheSameArchive() throws Exception {
    Path dir = Files.createDirectories(work.resolve("dir"));
    Files.writeString(dir.resolve("libfoo.so.1"), "library");
    Files.createSymbolicLink(dir.resolve("libfoo.so"), Path.of("libfoo.so.1"));
    Cli first =
        Cli.run(
            "pack",
            "-p",
            "linux/amd64=" + dir,
            "-t",
            "1.0",
            "--version",
            "1.0",
            "-a",
            work.resolve("first.tar").toString());
    Files.setLastModifiedTime(
        dir.resolve("libfoo.so.1"), java.nio.file.attribute.FileTime.fromMillis(1));
    Cli second =
        Cli.run(
            "--quiet",
            "pack",
            "-p",
            "linux/amd64=" + dir,
            "-t",
            "1.0",
            "--version",
            "1.0",
            "-a",
            work.resolve("second.tar").toString());
    assertThat(first.exitCode()).as(first.toString()).isZero();
    assertThat(first.result()).startsWith("sha256:").isEqualTo(second.result());
    assertThat(first.err()).contains("linux/amd64", "files: 2");
    assertThat(second.err()).as("--quiet").isEmpty();
    assertThat(Files.readAllBytes(work.resolve("second.tar")))
        .isEqualTo(Files.readAllBytes(work.resolve("first.tar")));

    Cli inspect = Cli.run("inspect", work.resolve("first.tar").toString());
    assertThat(inspect.out().lines().toList())
        .contains(
            "oci-archive:" + work.resolve("first.tar"),
            "  org.opencontainers.image.version: 1.0",
            "      libfoo.so",
            "      libfoo.so.1");
    assertThat(inspect.out())
        .contains("index " + first.result(), "  linux/amd64  manifest sha256:");
  }

  @Test
  void globalOptionsWorkBeforeAndAfterTheCommand() {
    Path cache = work.resolve("my-cache");
    assertThat(Cli.run("--cache-dir", cache.toString(), "ls").err()).contains("cache " + cache);
    assertThat(Cli.run("gc", "--cache-dir", cache.toString()).exitCode()).isZero();
    Cli ls = Cli.run("ls", "--cache-dir", cache.toString());
    assertThat(ls.err()).contains("cache " + cache, "total 0 B");
    assertThat(ls.out().lines()).hasSize(1);
  }

  static void assertBadArguments(Cli run, String message) {
    assertThat(run.exitCode()).as(run.toString()).isEqualTo(2);
    assertThat(run.errLines()).as(run.toString()).hasSize(2);
    assertThat(run.errLines().get(0)).startsWith("ocipkg: error: ").contains(message);
    assertThat(run.errLines().get(1)).startsWith("hint: ");
    assertThat(run.out()).isEmpty();
  }
}
