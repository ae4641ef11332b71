package dev.ocipkg.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ocipkg.testlibs.NativeTestLibs;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The package that fetched caches are tested with: native-test-libs for this machine and a foreign
 * ELF for another platform, packed by the command line.
 */
final class DemoPackage {
  static final String TAG = "1.2";
  static final String HOST = NativeTestLibs.platform();
  static final String OTHER = HOST.equals("linux/amd64") ? "linux/arm64" : "linux/amd64";

  private DemoPackage() {}

  /** Packs it under {@code work} into {@code layout} and {@code archive}; the index digest. */
  static String pack(Path work, Path layout, Path archive) throws IOException {
    Path libs = work.resolve("native");
    NativeTestLibs.copyPackageTo(libs);
    Path foreign = Files.createDirectories(work.resolve("foreign"));
    Files.copy(NativeTestLibs.wrongArchitecture(), foreign.resolve("libocipkg_demo.so"));
    return ok(
            "pack",
            "--platform",
            HOST + "=" + libs,
            "--platform",
            OTHER + "=" + foreign,
            "--tag",
            TAG,
            "--output",
            layout.toString(),
            "--archive",
            archive.toString())
        .result();
  }

  /** Runs the command line, which must succeed. */
  static Cli ok(String... args) {
    Cli run = Cli.run(args);
    assertThat(run.exitCode()).as(run.toString()).isZero();
    return run;
  }

  /** Asserts that an app's output shows the library called. */
  static void assertLoads(String output, String what) {
    assertThat(output).as(what).contains("demo_add(2, 3) = 5");
  }
}
