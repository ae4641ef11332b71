package dev.ocipkg.it;

import dev.ocipkg.Digest;
import dev.ocipkg.ImageReference;
import dev.ocipkg.Platform;
import dev.ocipkg.internal.lock.LockFile;
import dev.ocipkg.internal.lock.LockFileWriter;
import dev.ocipkg.internal.lock.LockedImage;
import dev.ocipkg.internal.lock.LockedManifest;
import dev.ocipkg.testing.LayerFiles;
import dev.ocipkg.testing.OciLayoutWriter;
import dev.ocipkg.testing.RegistryServer;
import dev.ocipkg.testing.Skopeo;
import dev.ocipkg.testing.WrittenLayout;
import dev.ocipkg.testing.WrittenManifest;
import dev.ocipkg.testlibs.NativeTestLibs;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The artifact most integration tests load: a three-platform ocipkg index whose linux/amd64 entry
 * holds the real native test libraries, with linux/arm64 (an ELF of another machine) and
 * windows/amd64 beside it. Pushed by skopeo, so what the loader reads was written to the registry
 * by a third-party client.
 */
final class DemoArtifact {
  static final String TAG = "1.0";

  private DemoArtifact() {}

  static WrittenLayout writeLayout(Path work) throws IOException {
    Path files = Files.createDirectories(work.resolve("amd64-files"));
    NativeTestLibs.copyPackageTo(files);
    return OciLayoutWriter.create()
        .tag(TAG)
        .platform("linux/amd64", LayerFiles.fromDirectory(files))
        .platform(
            "linux/arm64",
            LayerFiles.builder()
                .executable(
                    "libocipkg_demo.so", Files.readAllBytes(NativeTestLibs.wrongArchitecture()))
                .build())
        .platform(
            "windows/amd64",
            Map.of(
                "ocipkg_demo.dll", "stands in for a Windows DLL".getBytes(StandardCharsets.UTF_8)))
        .write(work.resolve("layout"));
  }

  /** Writes the layout and pushes it with {@code skopeo copy --all}; returns the layout. */
  static WrittenLayout push(RegistryServer registry, String repository, Path work)
      throws IOException {
    WrittenLayout layout = writeLayout(work);
    Skopeo.locate().copyAll(layout.directory(), TAG, registry, repository + ":" + TAG);
    return layout;
  }

  /**
   * Writes to {@code lock} a lock file that pins {@code reference} (a tag) to the layout's index
   * and platform manifests, as {@code ocipkg lock} writes it (the tool is tested in the tools
   * module).
   */
  static void writeLock(WrittenLayout layout, String reference, Path lock) throws IOException {
    List<LockedManifest> manifests = new ArrayList<>();
    for (WrittenManifest m : layout.manifests()) {
      manifests.add(new LockedManifest(Platform.parse(m.platform()), Digest.parse(m.digest())));
    }
    LockFileWriter.write(
        new LockFile(
            lock.toString(),
            List.of(
                new LockedImage(
                    reference,
                    ImageReference.parse(reference),
                    Digest.parse(layout.indexDigest()),
                    manifests))),
        lock,
        "ocipkg lock");
  }
}
