package dev.ocipkg.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ocipkg.testing.WrittenLayout;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * JNA is an optional dependency: an application that links through JNI or the FFM API runs with no
 * JNA jar at all, and one that asks for a JNA proxy without it is told which artifact to add.
 */
@Tag("java17")
class WithoutJnaIT {
  @Test
  void jniAndFfmWorkWithoutJnaAndAJnaProxyNamesTheArtifact(@TempDir Path work) throws Exception {
    WrittenLayout layout = DemoArtifact.writeLayout(work);
    String classPath =
        Arrays.stream(System.getProperty("java.class.path").split(File.pathSeparator))
            .filter(entry -> !Path.of(entry).getFileName().toString().startsWith("jna-"))
            .collect(Collectors.joining(File.pathSeparator));
    Path output = work.resolve("out.txt");
    Process process =
        JavaProcesses.start(
            output,
            List.of(),
            classPath,
            Map.of(),
            List.of(),
            WithoutJnaMain.class.getName(),
            work.resolve("cache").toString(),
            "oci:" + layout.directory() + ":" + DemoArtifact.TAG);
    assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
    String printed = Files.readString(output);
    assertThat(process.exitValue()).as(printed).isZero();
    assertThat(printed)
        .contains("library libocipkg_demo.so")
        .contains("jni add 5")
        .contains("jna refused: IllegalStateException: ")
        .contains("net.java.dev.jna:jna")
        .contains("java.lang.Runnable");
    if (Runtime.version().feature() >= 22) {
      assertThat(printed).contains("ffm add 5");
    }
  }
}
