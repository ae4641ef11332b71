package dev.ocipkg.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A bad setting in the environment, as a user meets it: a JVM started with it. */
@Tag("java17")
class DefaultLoaderSettingsIT {
  @TempDir Path work;

  @Test
  void aBadTagTtlGivesTheSameCatchableErrorOnEveryCall() throws Exception {
    Path output = work.resolve("out.txt");
    Process jvm =
        JavaProcesses.start(
            output,
            Map.of("OCIPKG_TAG_TTL", "1h", "OCIPKG_CACHE_DIR", work.resolve("cache").toString()),
            DefaultLoaderMain.class,
            "oci:" + work.resolve("no-layout") + ":1.0");
    assertThat(jvm.waitFor(60, TimeUnit.SECONDS)).isTrue();
    List<String> lines = Files.readAllLines(output);

    assertThat(lines).hasSize(4);
    assertThat(lines.get(0))
        .startsWith("NativeLoadException: ")
        .contains("OCIPKG_TAG_TTL")
        .contains("\"1h\"")
        .contains("PT1H");
    // Not ExceptionInInitializerError once, then NoClassDefFoundError: the same error each time.
    assertThat(lines).containsOnly(lines.get(0));
  }
}
