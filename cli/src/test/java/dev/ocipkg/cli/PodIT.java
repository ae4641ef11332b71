package dev.ocipkg.cli;

import static dev.ocipkg.cli.DemoPackage.TAG;
import static dev.ocipkg.cli.DemoPackage.ok;
import static org.assertj.core.api.Assertions.assertThat;

import dev.ocipkg.testing.FileListing;
import dev.ocipkg.testing.OtherUser;
import dev.ocipkg.testing.RegistryServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Kubernetes recipe of the README on one machine: an init step runs {@code ocipkg --cache-dir
 * DIR fetch} by tag and by digest against a real registry; the registry is stopped; then four
 * application JVMs start at once as nobody (uid 65534), who can read DIR as fetch left it (owned by
 * root, modes from the umask) but not write it, each with {@code OCIPKG_CACHE_READONLY=DIR} and a
 * writable {@code OCIPKG_CACHE_DIR} — two with an emptyDir each, two sharing one — and load by tag
 * and by digest and call the library. DIR's listing (type, size, mtime, owner, mode) is unchanged
 * and the writable caches stay empty: warm hits write nothing.
 */
class PodIT {
  private static final int APPS = 4;

  @TempDir Path work;

  @Test
  void fourAppJvmsServeFromTheFetchedReadOnlyCacheWithTheRegistryStopped() throws Exception {
    // JUnit makes its folder 0700; nobody must reach the cache, the writable folders, the logs.
    Files.setPosixFilePermissions(work, PosixFilePermissions.fromString("rwxr-xr-x"));
    Path fetched = work.resolve("fetched");
    String byTag;
    String byDigest;
    try (RegistryServer registry = RegistryServer.builder().start()) {
      String digest = DemoPackage.pack(work, work.resolve("layout"), work.resolve("libs.tar"));
      byTag = registry.reference("acme/libfoo:" + TAG);
      byDigest = registry.reference("acme/libfoo@" + digest);
      ok("push", work.resolve("layout").toString(), byTag);

      // The init container.
      ok("--cache-dir", fetched.toString(), "fetch", byTag);
      ok("--cache-dir", fetched.toString(), "fetch", byDigest);

      registry.stop();
    }
    // Left as fetch wrote it (owned by root, the test's user): the apps run as another user, as
    // an app container's user differs from an image build's or an init container's.
    Map<String, String> before = FileListing.of(fetched);
    assertThat(before).containsKey("packages");

    AppJvm asNobody =
        new AppJvm(OtherUser.nobody(), OtherUser.classPathReadableByAll(work.resolve("cp")));
    Path shared = writable("shared");
    List<Path> caches = List.of(writable("empty-dir-0"), writable("empty-dir-1"), shared, shared);
    List<Process> apps = new ArrayList<>();
    List<Path> logs = new ArrayList<>();
    for (int i = 0; i < APPS; i++) {
      Path log = work.resolve("app-" + i + ".log");
      Map<String, String> environment =
          Map.of(
              "OCIPKG_CACHE_READONLY", fetched.toString(),
              "OCIPKG_CACHE_DIR", caches.get(i).toString());
      // JNA unpacks its own native part: into this container's /tmp.
      List<String> jna = List.of("-Djna.tmpdir=" + writable("tmp-" + i));
      apps.add(asNobody.start(log, environment, jna, byTag, byDigest));
      logs.add(log);
    }
    for (int i = 0; i < APPS; i++) {
      String output = AppJvm.finish(apps.get(i), logs.get(i));
      assertThat(apps.get(i).exitValue()).as(output).isZero();
      assertThat(
              output.split("demo_add\\(2, 3\\) = 5 from .* in " + fetched.resolve("packages"), -1))
          .as("app %d loads by tag and by digest from the fetched cache: %s", i, output)
          .hasSize(3);
      assertThat(output).as("app %d", i).doesNotContain("cannot reach");
    }

    assertThat(FileListing.of(fetched)).as("the fetched cache after four apps").isEqualTo(before);
    for (Path cache : caches) {
      try (Stream<Path> entries = Files.list(cache)) {
        assertThat(entries).as("the writable cache %s after warm hits", cache).isEmpty();
      }
    }
  }

  /** An empty folder anyone can write, as an emptyDir volume is. */
  private Path writable(String name) throws Exception {
    Path folder = Files.createDirectories(work.resolve(name));
    Files.setPosixFilePermissions(folder, PosixFilePermissions.fromString("rwxrwxrwx"));
    return folder;
  }
}
