package dev.ocipkg.cli;

import static dev.ocipkg.cli.OcipkgCommandTest.assertBadArguments;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The command line's messages: each says what was wrong and how to fix it, in one line + hint. */
class CliMessagesTest {
  @TempDir Path work;

  private Path cache() {
    return work.resolve("cache");
  }

  /** A layout with one linux/amd64 package in it; returns the layout. */
  private Path packed() throws Exception {
    Path dir = Files.createDirectories(work.resolve("files"));
    Files.writeString(dir.resolve("NOTICE"), "x");
    Path layout = work.resolve("layout");
    Cli pack = Cli.run("pack", "-p", "linux/amd64=" + dir, "-o", layout.toString(), "-t", "1.0");
    assertThat(pack.exitCode()).as(pack.toString()).isZero();
    return layout;
  }

  private Cli run(String... args) {
    List<String> all = new ArrayList<>(List.of("--cache-dir", cache().toString()));
    all.addAll(List.of(args));
    return Cli.run(all.toArray(String[]::new));
  }

  @Test
  void pushOfAMissingPathSaysThereIsNoSuchFileOrFolder() {
    for (String missing : List.of("/nope/layout", "build/nope.tar", "mylayout")) {
      Cli push = run("push", missing, "localhost:5000/x:1.0");
      assertBadArguments(push, "no such file or folder");
      assertThat(push.errLines().get(0)).contains(missing);
    }
  }

  @Test
  void rmTakesTheShortDigestThatLsPrintsAndLsHasJson() throws Exception {
    Path layout = packed();
    assertThat(run("pull", "oci:" + layout + ":1.0", "--platform", "linux/amd64").exitCode())
        .isZero();
    Cli ls = run("ls");
    String shortDigest = ls.out().lines().skip(1).findFirst().orElseThrow().split(" ")[0];
    assertThat(shortDigest).matches("sha256:[0-9a-f]{12}");

    Cli json = run("ls", "--json");
    assertThat(json.exitCode()).as(json.toString()).isZero();
    JsonNode packages = new ObjectMapper().readTree(json.out());
    assertThat(packages.isArray()).isTrue();
    assertThat(packages.get(0).path("manifest").asText()).startsWith(shortDigest).hasSize(71);
    assertThat(packages.get(0).path("references").get(0).path("platform").asText())
        .isEqualTo("linux/amd64");
    assertThat(packages.get(0).path("size").asLong()).isPositive();

    Cli rm = run("rm", shortDigest);
    assertThat(rm.exitCode()).as(rm.toString()).isZero();
    assertThat(rm.out()).contains("1 packages");
    assertThat(new ObjectMapper().readTree(run("ls", "--json").out())).isEmpty();
  }

  @Test
  void rmOfSomethingNotInTheCacheSaysSo() {
    Cli rm = run("rm", "typo");
    assertThat(rm.exitCode()).as(rm.toString()).isEqualTo(1);
    assertThat(rm.errLines().get(rm.errLines().size() - 2))
        .isEqualTo("ocipkg: error: not in the cache: typo");
    assertThat(rm.err()).contains("hint: 'ocipkg ls' lists").doesNotContain("--verbose");
  }

  @Test
  void pullIntoAFullFolderAndForAMissingPlatformSayWhatToDo() throws Exception {
    Path layout = packed();
    Path full = Files.createDirectories(work.resolve("full"));
    Files.writeString(full.resolve("x"), "x");
    Cli pull = run("pull", "oci:" + layout + ":1.0", full.toString(), "--platform", "linux/amd64");
    assertThat(pull.exitCode()).as(pull.toString()).isEqualTo(1);
    assertThat(pull.err()).contains("not empty").doesNotContain("--verbose");
    assertThat(pull.errLines().get(pull.errLines().size() - 1))
        .startsWith("hint: ")
        .contains("empty");

    Cli wrong = run("pull", "oci:" + layout + ":1.0", "--platform", "linux/arm64");
    assertThat(wrong.exitCode()).as(wrong.toString()).isEqualTo(1);
    assertThat(wrong.err())
        .contains("the ocipkg command from --platform")
        .doesNotContain("-Docipkg");
  }

  @Test
  void noArgumentsPrintsUsageToStandardErrorWithExitCode2() {
    Cli none = Cli.run();
    assertThat(none.exitCode()).isEqualTo(2);
    assertThat(none.out()).isEmpty();
    assertThat(none.err()).contains("Usage: ocipkg").contains("Commands:");
  }

  @Test
  void helpListsEachCommandWithAWholeSentence() {
    String out = Cli.run("--help").out();
    String commands =
        out.substring(out.indexOf("Commands:") + "Commands:".length(), out.indexOf("Exit codes"));
    List<String> summaries = new ArrayList<>();
    for (String line : commands.split("\n")) {
      if (line.startsWith("  ") && !line.startsWith("    ")) {
        summaries.add(line.strip());
      } else if (!line.isBlank()) {
        summaries.set(
            summaries.size() - 1, summaries.get(summaries.size() - 1) + " " + line.strip());
      }
    }
    assertThat(summaries).hasSizeGreaterThan(10);
    assertThat(summaries).allSatisfy(s -> assertThat(s).endsWith("."));
  }

  @Test
  void controlCharactersInAMessageAreEscaped() {
    Cli bad = run("pull", "oci:/tmp/x:a\u001b[31mred\r\u0007\u202egnp");
    assertThat(bad.exitCode()).isEqualTo(2);
    assertThat(bad.err()).doesNotContain("\u001b", "\r", "\u0007", "\u202e");
    assertThat(bad.errLines().get(0)).contains("\\x1b[31mred\\r\\x07\\u202egnp");
    assertThat(bad.errLines()).hasSize(2);
  }

  @Test
  void anUnknownArchitectureIsAUsageErrorListingTheKnownOnes() throws Exception {
    Path dir = Files.createDirectories(work.resolve("dir"));
    Files.writeString(dir.resolve("libfoo.so"), "x");
    assertBadArguments(
        run("pack", "-p", "linux/amd46=" + dir, "-o", work.resolve("o").toString()),
        "unknown architecture \"amd46\"");
  }
}
