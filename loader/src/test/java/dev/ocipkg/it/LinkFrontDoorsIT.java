package dev.ocipkg.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ocipkg.testing.OciLayoutWriter;
import dev.ocipkg.testlibs.NativeTestLibs;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledForJreRange;
import org.junit.jupiter.api.condition.JRE;
import org.junit.jupiter.api.io.TempDir;

/**
 * One linking path behind three front doors: JNA, JNI and FFM preload a dependency that sits beside
 * a library without a run path, and say the same thing when a library cannot load. Each link runs
 * in a JVM of its own ({@code FrontDoorMain}), since a process keeps what it loaded.
 */
@EnabledForJreRange(min = JRE.JAVA_22)
class LinkFrontDoorsIT {
  private static final List<String> FRONT_DOORS = List.of("jna", "jni", "ffm");

  @TempDir Path work;

  @Test
  void aDependencyBesideALibraryWithoutARunPathIsPreloadedByEachFrontDoor() throws Exception {
    Path files = Files.createDirectories(work.resolve("zmq-like"));
    Files.copy(NativeTestLibs.outerWithoutRunPath(), files.resolve("libouter_norunpath.so"));
    Files.copy(NativeTestLibs.inner(), files.resolve("libinner.so.1.0.0"));
    Files.createSymbolicLink(files.resolve("libinner.so.1"), Path.of("libinner.so.1.0.0"));

    List<String> outputs = linkThroughEachFrontDoor("zmq-like", files, "outer_norunpath");

    assertThat(outputs).containsExactly("loaded 42", "loaded", "loaded 42");
  }

  @Test
  void aMissingDependencyIsNamedAlikeByEachFrontDoor() throws Exception {
    Path files = Files.createDirectories(work.resolve("missing"));
    Files.copy(NativeTestLibs.outerWithoutRunPath(), files.resolve("libouter_norunpath.so"));

    List<String> outputs = linkThroughEachFrontDoor("missing", files, "outer_norunpath");

    assertThat(outputs.get(0))
        .startsWith("NativeLoadException: libouter_norunpath.so needs libinner.so.1");
    assertThat(outputs).containsOnly(outputs.get(0));
  }

  @Test
  void aFileThatIsNoLibraryIsNamedAlikeByEachFrontDoor() throws Exception {
    Path files = Files.createDirectories(work.resolve("notelf"));
    Files.copy(NativeTestLibs.notElf(), files.resolve("libnotelf.so"));

    List<String> outputs = linkThroughEachFrontDoor("notelf", files, "notelf");

    assertThat(outputs.get(0))
        .startsWith("NativeLoadException: libnotelf.so is not an ELF shared library");
    assertThat(outputs).containsOnly(outputs.get(0));
  }

  @Test
  void aLibraryOfAnotherArchitectureIsNamedAlikeByEachFrontDoor() throws Exception {
    Path files = Files.createDirectories(work.resolve("foreign"));
    Files.copy(NativeTestLibs.wrongArchitecture(), files.resolve("libocipkg_demo.so"));

    List<String> outputs = linkThroughEachFrontDoor("foreign", files, "ocipkg_demo");

    assertThat(outputs.get(0))
        .startsWith("NativeLoadException: libocipkg_demo.so was built for ")
        .contains("but this JVM runs on");
    assertThat(outputs).containsOnly(outputs.get(0));
  }

  private List<String> linkThroughEachFrontDoor(String name, Path files, String library)
      throws IOException, InterruptedException {
    Path layout = work.resolve(name + "-layout");
    OciLayoutWriter.create().tag("1.0").platform(NativeTestLibs.platform(), files).write(layout);
    List<String> outputs = new ArrayList<>();
    for (String door : FRONT_DOORS) {
      Path output = work.resolve(name + "-" + door + ".txt");
      Process jvm =
          JavaProcesses.start(
              output,
              Map.of(),
              "dev.ocipkg.it.FrontDoorMain",
              door,
              work.resolve("cache-" + door).toString(),
              "oci:" + layout + ":1.0",
              library);
      assertThat(jvm.waitFor(60, TimeUnit.SECONDS)).as("%s exits", door).isTrue();
      List<String> lines = Files.readAllLines(output);
      assertThat(lines).as("what %s printed", door).isNotEmpty();
      outputs.add(lines.get(lines.size() - 1));
    }
    return outputs;
  }
}
