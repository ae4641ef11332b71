package dev.ocipkg.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ocipkg.testing.WrittenLayout;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The warm path — a package already cached, its record fresh — must cost close to nothing at JVM
 * start: a fresh JVM that opens a cached package loads none of the HTTP client, the JSON parser,
 * the caches, the registry or trust code, and no logger. The benchmarks measure the time; this
 * guards what makes it.
 */
@Tag("java17")
class WarmPathClassesIT {
  private static final List<String> FORBIDDEN =
      List.of(
          "okhttp3.",
          "okio.",
          "kotlin.",
          "com.fasterxml.",
          "com.github.benmanes.",
          "org.apache.commons.compress.",
          "com.github.luben.",
          "dev.ocipkg.internal.registry.",
          "dev.ocipkg.internal.trust.",
          "dev.ocipkg.internal.layer.",
          "dev.ocipkg.tools.",
          "jdk.internal.logger.",
          "java.util.logging.");

  @Test
  void aWarmOpenLoadsNoneOfTheColdPathsClasses(@TempDir Path work) throws Exception {
    WrittenLayout layout = DemoArtifact.writeLayout(work);
    String reference = "oci:" + layout.directory() + ":" + DemoArtifact.TAG;
    Path cache = work.resolve("cache");
    run(work.resolve("cold.log"), List.of(), cache, reference);
    Path classes = work.resolve("classes.log");

    run(work.resolve("warm.log"), List.of("-Xlog:class+load:file=" + classes), cache, reference);

    List<String> loaded =
        Files.readAllLines(classes).stream()
            .map(line -> line.replaceFirst("^\\[[^]]*\\]\\[info\\]\\[class,load\\] ", ""))
            .map(line -> line.split(" ", 2)[0])
            .collect(Collectors.toList());
    assertThat(loaded).contains("dev.ocipkg.NativeLoader", "dev.ocipkg.internal.PackageResolver");
    assertThat(loaded)
        .filteredOn(name -> FORBIDDEN.stream().anyMatch(name::startsWith))
        .as("classes of the cold path loaded by a warm open")
        .isEmpty();
  }

  private static void run(Path output, List<String> jvmOptions, Path cache, String reference)
      throws Exception {
    Process p =
        JavaProcesses.start(
            output,
            Map.of(),
            jvmOptions,
            WarmOpenMain.class.getName(),
            cache.toString(),
            reference);
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).as(Files.readString(output)).isZero();
    assertThat(Files.readString(output)).contains("library ");
  }
}
