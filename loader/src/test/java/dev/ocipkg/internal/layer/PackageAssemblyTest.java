package dev.ocipkg.internal.layer;

import static dev.ocipkg.internal.layer.TarLayerBuilder.TAR;
import static dev.ocipkg.internal.layer.TarLayerBuilder.tar;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The layers of a package extracted at the same time, arriving in any order, make what extracting
 * them one after the other makes: each case is checked against {@link LayerExtractor} in place, for
 * every order in which the layers can finish, and against what it must hold.
 */
class PackageAssemblyTest {
  @TempDir Path temp;
  private int runs;

  @Test
  void aLaterLayersFileWinsWhicheverLayerArrivesFirst() throws Exception {
    Map<String, String> tree =
        assembledInEveryOrder(
            tar().file("lib/x", "0").file("lib/only0", "0").build(),
            tar().file("lib/x", "1").build(),
            tar().file("lib/x", "2").file("lib/only2", "2").build());

    assertThat(tree)
        .containsEntry("lib/x", "file 644 2")
        .containsEntry("lib/only0", "file 644 0")
        .containsEntry("lib/only2", "file 644 2");
  }

  @Test
  void aWhiteoutHidesOnlyOlderLayersEvenWhenTheyArriveAfterIt() throws Exception {
    Map<String, String> tree =
        assembledInEveryOrder(
            tar().file("lib/old", "0").file("lib/gone/a", "0").file("lib/keep", "0").build(),
            tar().file("lib/.wh.old", "").file("lib/.wh.gone", "").file("lib/gone/b", "1").build(),
            tar().file("lib/old", "2").build());

    assertThat(tree)
        .containsEntry("lib/old", "file 644 2")
        .containsEntry("lib/keep", "file 644 0")
        .containsEntry("lib/gone/b", "file 644 1")
        .doesNotContainKeys("lib/gone/a", "lib/.wh.old", "lib/.wh.gone");
  }

  @Test
  void anOpaqueFolderHidesWhatOlderLayersPutInIt() throws Exception {
    Map<String, String> tree =
        assembledInEveryOrder(
            tar().file("share/a", "0").file("share/sub/b", "0").file("other", "0").build(),
            tar().file("share/.wh..wh..opq", "").file("share/c", "1").build(),
            tar().file("share/d", "2").build());

    assertThat(tree)
        .containsEntry("share/c", "file 644 1")
        .containsEntry("share/d", "file 644 2")
        .containsEntry("other", "file 644 0")
        .doesNotContainKeys("share/a", "share/sub", "share/sub/b");
  }

  @Test
  void aFileReplacedByAFolderAndAFolderByAFile() throws Exception {
    Map<String, String> tree =
        assembledInEveryOrder(
            tar().file("lib", "a file").file("doc/a", "0").file("doc/b", "0").build(),
            tar().file("lib/x", "1").file("doc", "now a file").build(),
            tar().file("doc/c", "2").build());

    assertThat(tree)
        .containsEntry("lib", "dir 755")
        .containsEntry("lib/x", "file 644 1")
        .containsEntry("doc", "dir 755")
        .containsEntry("doc/c", "file 644 2")
        .doesNotContainKeys("doc/a", "doc/b");
  }

  @Test
  void aFolderALaterLayerReplacedByAFileAndMadeAgainHoldsOnlyItsNewEntries() throws Exception {
    Map<String, String> tree =
        assembledInEveryOrder(
            tar().file("d/x", "old").build(), tar().file("d", "a file").file("d/y", "new").build());

    assertThat(tree).containsEntry("d/y", "file 644 new").doesNotContainKey("d/x");
  }

  @Test
  void aHardLinkCannotReachAFileOfAFolderALaterLayerReplaced() throws Exception {
    byte[] older = tar().file("d/x", "old").build();
    byte[] replacing = tar().file("d", "a file").directory("d").build();
    byte[] linking = tar().hardLink("h", "d/x").build();

    assertThatThrownBy(() -> sequential(List.of(older, replacing, linking)))
        .isInstanceOf(UnsafeLayerException.class)
        .hasMessageContaining("not (yet) extracted");
    // On one thread, the linking layer last: a hard link waits for the layers older than its own.
    for (List<Integer> order : List.of(List.of(0, 1, 2), List.of(1, 0, 2))) {
      assertThatThrownBy(() -> assembled(List.of(older, replacing, linking), order))
          .as("layers finishing in the order " + order)
          .isInstanceOf(UnsafeLayerException.class)
          .hasMessageContaining("not (yet) extracted");
    }
  }

  @Test
  void aFoldersModeIsTheLastLayerThatNamedIt() throws Exception {
    Map<String, String> tree =
        assembledInEveryOrder(
            tar().directory("a/", 0700).directory("b/", 0700).file("a/x", "0").build(),
            tar().file("a/y", "1").directory("b/", 0755).build());

    assertThat(tree).containsEntry("a", "dir 700").containsEntry("b", "dir 755");
  }

  @Test
  void aSymbolicLinkToAPathALaterLayerReplacesShowsTheLaterContent() throws Exception {
    Map<String, String> tree =
        assembledInEveryOrder(
            tar()
                .file("lib/v1", "one")
                .symlink("lib/current", "v1")
                .symlink("lib/old", "v1")
                .build(),
            tar().file("lib/v1", "replaced").file("lib/old", "a file now").build());

    assertThat(tree)
        .containsEntry("lib/current", "link v1")
        .containsEntry("lib/old", "file 644 a file now");
    assertThat(Files.readString(temp.resolve("sequential").resolve("lib/current")))
        .isEqualTo("replaced");
  }

  @Test
  void aHardLinkToAnOlderLayersFileKeepsTheContentItHadThen() throws Exception {
    Map<String, String> tree =
        assembledOnThreads(
            tar().file("lib/v", "one").build(),
            tar().hardLink("lib/h", "lib/v").build(),
            tar().file("lib/v", "three").build());

    assertThat(tree)
        .containsEntry("lib/h", "file 644 one")
        .containsEntry("lib/v", "file 644 three");
  }

  @Test
  void aHardLinkToAFileItsOwnLayerWhitedOutIsRefusedAsBefore() throws Exception {
    byte[] older = tar().file("lib/v", "one").build();
    byte[] later = tar().file("lib/.wh.v", "").hardLink("lib/h", "lib/v").build();

    assertThatThrownBy(() -> sequential(List.of(older, later)))
        .isInstanceOf(UnsafeLayerException.class)
        .hasMessageContaining("not (yet) extracted");
    assertThatThrownBy(() -> assembled(List.of(older, later), List.of(0, 1)))
        .isInstanceOf(UnsafeLayerException.class)
        .hasMessageContaining("not (yet) extracted");
  }

  @Test
  void writingThroughAnOlderLayersLinkIsRefusedWhicheverArrivesFirst() throws Exception {
    byte[] older = tar().directory("real/").symlink("lib", "real").build();
    byte[] later = tar().file("lib/x", "through the link").build();

    assertThatThrownBy(() -> sequential(List.of(older, later)))
        .isInstanceOf(UnsafeLayerException.class)
        .hasMessageContaining("is a symbolic link");
    for (List<Integer> order : List.of(List.of(0, 1), List.of(1, 0))) {
      assertThatThrownBy(() -> assembled(List.of(older, later), order))
          .as("order " + order)
          .isInstanceOf(UnsafeLayerException.class)
          .hasMessageContaining("is a symbolic link");
    }
  }

  @Test
  void aFolderALaterLayerNamesReplacesAnOlderLink() throws Exception {
    Map<String, String> tree =
        assembledInEveryOrder(
            tar().directory("real/").symlink("lib", "real").build(),
            tar().directory("lib/").file("lib/x", "1").build());

    assertThat(tree).containsEntry("lib", "dir 755").containsEntry("lib/x", "file 644 1");
  }

  @Test
  void theFolderIsCheckedAgainstWhatTheMergedLayersMade() throws Exception {
    Path pkg = Files.createDirectories(temp.resolve("checked"));
    PackageAssembly assembly = assembly(2, pkg);
    assembly.extract(1, new ByteArrayInputStream(tar().file("b", "1").build()), TAR, Map.of(), "1");
    assembly.extract(0, new ByteArrayInputStream(tar().file("a", "0").build()), TAR, Map.of(), "0");
    assembly.checkExtracted("the package");

    Files.delete(pkg.resolve("b"));

    assertThatThrownBy(() -> assembly.checkExtracted("the package"))
        .hasMessageContaining("1 missing (\"b\")");
  }

  @Test
  void aLayerWaitingForOlderOnesFailsWhenTheAssemblyIsAbandoned() throws Exception {
    Path pkg = Files.createDirectories(temp.resolve("abandoned"));
    PackageAssembly assembly = assembly(2, pkg);
    ExecutorService thread = Executors.newSingleThreadExecutor();
    try {
      Future<?> waiting =
          thread.submit(
              () -> {
                assembly.extract(
                    1,
                    new ByteArrayInputStream(tar().hardLink("h", "v").build()),
                    TAR,
                    Map.of(),
                    "layer one");
                return null;
              });
      assembly.abandon("layer zero failed");

      assertThatThrownBy(waiting::get)
          .isInstanceOf(ExecutionException.class)
          .cause()
          .hasMessageContaining("layer one")
          .hasMessageContaining("abandoned (layer zero failed)");
    } finally {
      thread.shutdownNow();
    }
  }

  /**
   * The tree that {@code layers} make, the same whichever order they finish in, and the same as one
   * after the other.
   */
  private Map<String, String> assembledInEveryOrder(byte[]... layers) throws Exception {
    List<byte[]> list = List.of(layers);
    Map<String, String> expected = sequential(list);
    for (List<Integer> order : permutations(list.size())) {
      assertThat(assembled(list, order))
          .as("layers finishing in the order " + order)
          .isEqualTo(expected);
    }
    return expected;
  }

  /**
   * As {@link #assembledInEveryOrder}, each layer on a thread of its own, started youngest first.
   */
  private Map<String, String> assembledOnThreads(byte[]... layers) throws Exception {
    List<byte[]> list = List.of(layers);
    Map<String, String> expected = sequential(list);
    Path pkg = Files.createDirectories(temp.resolve("threads"));
    PackageAssembly assembly = assembly(list.size(), pkg);
    ExecutorService threads = Executors.newFixedThreadPool(list.size());
    try {
      List<Future<?>> done = new ArrayList<>();
      for (int i = list.size() - 1; i >= 0; i--) {
        int index = i;
        done.add(
            threads.submit(
                () -> {
                  assembly.extract(
                      index, new ByteArrayInputStream(list.get(index)), TAR, Map.of(), "l" + index);
                  return null;
                }));
      }
      for (Future<?> f : done) {
        f.get();
      }
    } finally {
      threads.shutdownNow();
    }
    assembly.checkExtracted("the package");
    assertThat(describe(pkg)).isEqualTo(expected);
    return expected;
  }

  private Map<String, String> sequential(List<byte[]> layers) throws IOException {
    Path pkg = Files.createDirectories(temp.resolve("sequential"));
    LayerExtractor extractor = new LayerExtractor(ExtractionLimits.defaults(), false);
    for (int i = 0; i < layers.size(); i++) {
      extractor.extract(new ByteArrayInputStream(layers.get(i)), TAR, Map.of(), pkg, "l" + i);
    }
    extractor.checkExtracted("the package");
    return describe(pkg);
  }

  private Map<String, String> assembled(List<byte[]> layers, List<Integer> order)
      throws IOException {
    Path pkg = Files.createDirectories(temp.resolve("assembled-" + runs++));
    PackageAssembly assembly = assembly(layers.size(), pkg);
    for (int index : order) {
      assembly.extract(
          index, new ByteArrayInputStream(layers.get(index)), TAR, Map.of(), "l" + index);
    }
    assembly.checkExtracted("the package");
    return describe(pkg);
  }

  private PackageAssembly assembly(int layers, Path pkg) throws IOException {
    List<Path> staging = new ArrayList<>();
    for (int i = 1; i < layers; i++) {
      staging.add(Files.createDirectories(pkg.resolveSibling(pkg.getFileName() + "-layer-" + i)));
    }
    return new PackageAssembly(layers, pkg, staging, ExtractionLimits.defaults(), false);
  }

  private static List<List<Integer>> permutations(int n) {
    List<List<Integer>> all = new ArrayList<>();
    permute(new ArrayList<>(), n, all);
    return all;
  }

  private static void permute(List<Integer> prefix, int n, List<List<Integer>> all) {
    if (prefix.size() == n) {
      all.add(List.copyOf(prefix));
      return;
    }
    for (int i = 0; i < n; i++) {
      if (!prefix.contains(i)) {
        prefix.add(i);
        permute(prefix, n, all);
        prefix.remove(prefix.size() - 1);
      }
    }
  }

  /** Each path under {@code root}: "dir MODE", "file MODE CONTENT" or "link TARGET". */
  private static Map<String, String> describe(Path root) throws IOException {
    Map<String, String> tree = new TreeMap<>();
    try (Stream<Path> paths = Files.walk(root)) {
      for (Path p : paths.filter(p -> !p.equals(root)).toList()) {
        String key = root.relativize(p).toString().replace('\\', '/');
        if (Files.isSymbolicLink(p)) {
          tree.put(key, "link " + Files.readSymbolicLink(p));
        } else if (Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)) {
          tree.put(key, "dir " + mode(p));
        } else {
          tree.put(key, "file " + mode(p) + " " + Files.readString(p));
        }
      }
    }
    return tree;
  }

  private static String mode(Path p) throws IOException {
    int mode = (Integer) Files.getAttribute(p, "unix:mode", LinkOption.NOFOLLOW_LINKS) & 0777;
    return Integer.toOctalString(mode);
  }
}
