package dev.ocipkg.agent;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ocipkg.internal.scan.ManifestImages;
import dev.ocipkg.internal.store.ContentStore;
import java.io.File;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.jar.Attributes;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The class path's memo: scanned once, read after, scanned again where a jar changed. */
class ClassPathImagesTest {
  @TempDir Path dir;
  private final AtomicInteger scans = new AtomicInteger();
  private final Function<String, List<String>> countingScan =
      classPath -> {
        scans.incrementAndGet();
        return ManifestImages.onClassPath(classPath);
      };

  private Path jar(String name, String images) throws Exception {
    Manifest m = new Manifest();
    m.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
    if (images != null) {
      m.getMainAttributes().putValue(ManifestImages.ATTRIBUTE, images);
    }
    Path jar = dir.resolve(name);
    try (OutputStream out = Files.newOutputStream(jar);
        JarOutputStream j = new JarOutputStream(out, m)) {
      // the manifest alone
    }
    return jar;
  }

  private String classPath(Path... jars) {
    StringBuilder cp = new StringBuilder();
    for (Path jar : jars) {
      cp.append(cp.length() == 0 ? "" : File.pathSeparator).append(jar);
    }
    return cp.toString();
  }

  private ContentStore store() {
    return new ContentStore(dir.resolve("cache"));
  }

  @Test
  void aSecondStartReadsTheMemoInsteadOfTheJars() throws Exception {
    String cp = classPath(jar("a.jar", "ghcr.io/acme/a:1"), jar("b.jar", null));

    assertThat(ClassPathImages.declared(cp, store(), countingScan))
        .containsExactly("ghcr.io/acme/a:1");
    assertThat(ClassPathImages.declared(cp, store(), countingScan))
        .containsExactly("ghcr.io/acme/a:1");

    assertThat(scans).hasValue(1);
  }

  @Test
  void aJarThatChangedIsScannedAgain() throws Exception {
    Path a = jar("a.jar", "ghcr.io/acme/a:1");
    String cp = classPath(a);
    ClassPathImages.declared(cp, store(), countingScan);

    jar("a.jar", "ghcr.io/acme/a:2 ghcr.io/acme/extra:1");
    a.toFile().setLastModified(a.toFile().lastModified() + 10_000);

    assertThat(ClassPathImages.declared(cp, store(), countingScan))
        .containsExactly("ghcr.io/acme/a:2", "ghcr.io/acme/extra:1");
    assertThat(scans).hasValue(2);
    try (Stream<Path> memos = Files.list(dir.resolve("cache").resolve("agent"))) {
      assertThat(memos).hasSize(1); // replaced, not added to: rebuilds leave no litter
    }
  }

  /** A memo of another key under the same name (a collision, or written by hand) is not taken. */
  @Test
  void aMemoOfAnotherKeyIsNotTaken() throws Exception {
    String cp = classPath(jar("a.jar", "ghcr.io/acme/a:1"));
    ClassPathImages.declared(cp, store(), countingScan);
    Path memo;
    try (Stream<Path> memos = Files.list(dir.resolve("cache").resolve("agent"))) {
      memo = memos.findFirst().orElseThrow();
    }
    Files.writeString(
        memo, "key=another class path\nreferences=evil.example/x:1\n", StandardCharsets.UTF_8);

    assertThat(ClassPathImages.declared(cp, store(), countingScan))
        .containsExactly("ghcr.io/acme/a:1");
    assertThat(scans).hasValue(2);
  }

  @Test
  void aCacheThatCannotBeWrittenIsScannedAtEachStart() throws Exception {
    String cp = classPath(jar("a.jar", "ghcr.io/acme/a:1"));
    Files.writeString(dir.resolve("cache"), "a file where the cache folder should be");

    assertThat(ClassPathImages.declared(cp, store(), countingScan))
        .containsExactly("ghcr.io/acme/a:1");
    assertThat(ClassPathImages.declared(cp, store(), countingScan))
        .containsExactly("ghcr.io/acme/a:1");
    assertThat(scans).hasValue(2);
  }
}
