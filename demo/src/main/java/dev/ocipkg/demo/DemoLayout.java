package dev.ocipkg.demo;

import dev.ocipkg.testing.LayerFiles;
import dev.ocipkg.testing.OciLayoutWriter;
import dev.ocipkg.testing.WrittenLayout;
import dev.ocipkg.testlibs.NativeTestLibs;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * Writes the embedded OCI layout the demo loads: an ocipkg index whose entry for this machine holds
 * the real libocipkg_demo built by native-test-libs, beside two other platforms, as a library
 * author would publish it.
 */
public final class DemoLayout {
  private DemoLayout() {}

  public static void main(String[] args) throws IOException {
    Path target = Path.of(args[0]);
    Path files = Files.createTempDirectory("ocipkg-demo-files");
    Files.copy(NativeTestLibs.demo(), files.resolve("libocipkg_demo.so"));
    String host = NativeTestLibs.platform();
    String other = host.endsWith("/amd64") ? "linux/arm64" : "linux/amd64";
    Path fresh = Files.createTempDirectory(target.toAbsolutePath().getParent(), "demo-layout");
    WrittenLayout layout =
        OciLayoutWriter.create()
            .tag("1.0")
            .platform(host, LayerFiles.fromDirectory(files))
            .platform(other, Map.of("libocipkg_demo.so", bytes("a build for " + other)))
            .platform("darwin/arm64", Map.of("libocipkg_demo.dylib", bytes("a build for macOS")))
            .write(fresh.resolve("layout"));
    // The writer is reproducible: an unchanged layout is left alone, so the loader's record of it
    // stays fresh and a second run of the demo takes the warm path.
    Path index = target.resolve("index.json");
    if (Files.exists(index)
        && Files.mismatch(index, layout.directory().resolve("index.json")) == -1) {
      System.out.println("unchanged " + target + " (index " + layout.indexDigest() + ")");
    } else {
      deleteIfPresent(target);
      Files.move(layout.directory(), target);
      System.out.println("wrote " + target + " (index " + layout.indexDigest() + ")");
    }
    deleteIfPresent(fresh);
    deleteIfPresent(files);
  }

  private static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  private static void deleteIfPresent(Path dir) throws IOException {
    if (!Files.exists(dir)) {
      return;
    }
    try (var walk = Files.walk(dir)) {
      for (Path p : walk.sorted((a, b) -> b.getNameCount() - a.getNameCount()).toList()) {
        Files.delete(p);
      }
    }
  }
}
