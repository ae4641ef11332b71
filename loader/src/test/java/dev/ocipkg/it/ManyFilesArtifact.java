package dev.ocipkg.it;

import dev.ocipkg.testing.LayerFiles;
import dev.ocipkg.testing.OciLayoutWriter;
import dev.ocipkg.testing.RegistryServer;
import dev.ocipkg.testing.Skopeo;
import dev.ocipkg.testing.WrittenLayout;
import dev.ocipkg.testlibs.NativeTestLibs;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;

/**
 * A linux/amd64 package of the demo libraries and many small random files, whose extraction takes
 * long enough (behind a throttled proxy) for another process to act while it is in progress. Pushed
 * as {@code acme/many:1}.
 */
final class ManyFilesArtifact {
  static final String REFERENCE = "acme/many:1";

  private ManyFilesArtifact() {}

  /** Writes the layout into {@code work} (folders {@code files}, {@code layout}) and pushes it. */
  static WrittenLayout push(RegistryServer registry, Path work, int files, long seed)
      throws IOException {
    Path libraries = Files.createDirectories(work.resolve("files"));
    NativeTestLibs.copyPackageTo(libraries);
    LayerFiles.Builder layer = LayerFiles.builder();
    Random random = new Random(seed);
    for (int i = 0; i < files; i++) {
      byte[] content = new byte[64];
      random.nextBytes(content);
      layer.file(String.format("data/d%02d/f%05d.bin", i % 100, i), content);
    }
    for (String name : LayerFiles.fromDirectory(libraries).names()) {
      layer.file(name, Files.readAllBytes(libraries.resolve(name)));
    }
    WrittenLayout layout =
        OciLayoutWriter.create()
            .tag("many")
            .platform("linux/amd64", layer.build())
            .write(work.resolve("layout"));
    Skopeo.locate().copyAll(layout.directory(), "many", registry, REFERENCE);
    return layout;
  }
}
