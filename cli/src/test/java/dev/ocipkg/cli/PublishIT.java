package dev.ocipkg.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ocipkg.NativeLoader;
import dev.ocipkg.NativePackage;
import dev.ocipkg.testing.LayerFiles;
import dev.ocipkg.testing.OciLayoutWriter;
import dev.ocipkg.testing.RegistryExtension;
import dev.ocipkg.testing.Skopeo;
import dev.ocipkg.testing.WrittenLayout;
import dev.ocipkg.testlibs.NativeTestLibs;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The publishing commands against a real registry, skopeo as the independent client: what we push
 * it reads byte for byte, what it pushes we pull and inspect.
 */
class PublishIT {
  private static final ObjectMapper JSON = new ObjectMapper();

  @RegisterExtension static final RegistryExtension registry = RegistryExtension.anonymous();

  @TempDir Path work;

  private final String host = NativeTestLibs.platform();
  private final String other = host.equals("linux/amd64") ? "linux/arm64" : "linux/amd64";

  /** native-test-libs for this machine, a foreign ELF for another Linux, a stand-in for macOS. */
  private List<String> packArguments() throws IOException {
    Path libs = work.resolve("native");
    NativeTestLibs.copyPackageTo(libs);
    Path foreign = Files.createDirectories(work.resolve("foreign"));
    Files.copy(NativeTestLibs.wrongArchitecture(), foreign.resolve("libocipkg_demo.so"));
    Path mac = Files.createDirectories(work.resolve("mac"));
    Files.writeString(mac.resolve("libocipkg_demo.dylib"), "not really a Mach-O file");
    return List.of(
        "pack",
        "--platform",
        host + "=" + libs,
        "--platform",
        other + "=" + foreign,
        "--platform",
        "darwin/arm64=" + mac,
        "--tag",
        "1.0",
        "--version",
        "1.0.0",
        "--source",
        "https://example.com/acme/libs",
        "--licenses",
        "Apache-2.0");
  }

  private Cli ok(String... args) {
    Cli run = Cli.run(args);
    assertThat(run.exitCode()).as(run.toString()).isZero();
    return run;
  }

  @Test
  void packAndPushThreePlatformsThenSkopeoReadsEveryByte() throws Exception {
    Path layout = work.resolve("layout");
    Path archive = work.resolve("libs.tar");
    List<String> pack = new ArrayList<>(packArguments());
    pack.addAll(List.of("--output", layout.toString(), "--archive", archive.toString()));
    String digest = ok(pack.toArray(String[]::new)).result();
    assertThat(digest).startsWith("sha256:");

    String target = registry.reference("acme/libs:1.0");
    Cli push = ok("push", layout.toString(), target, "--tag", "latest", "--chunk-size", "64KiB");
    assertThat(push.result()).isEqualTo(digest);
    assertThat(push.err()).contains("uploaded").contains("tags [1.0, latest]");

    Skopeo skopeo = Skopeo.locate();
    byte[] raw = skopeo.inspectRaw(registry.server(), "acme/libs:1.0");
    assertThat(raw).isEqualTo(Files.readAllBytes(blob(layout, digest)));
    JsonNode index = JSON.readTree(raw);
    assertThat(index.path("mediaType").asText())
        .isEqualTo("application/vnd.oci.image.index.v1+json");
    List<String> platforms = new ArrayList<>();
    for (JsonNode m : index.path("manifests")) {
      platforms.add(m.at("/platform/os").asText() + "/" + m.at("/platform/architecture").asText());
    }
    assertThat(platforms).containsExactly(host, other, "darwin/arm64");

    Path copied = work.resolve("skopeo-layout");
    skopeo.copyAllToLayout(registry.server(), "acme/libs:1.0", copied, "1.0");
    List<String> ours = blobNames(layout);
    assertThat(blobNames(copied)).containsExactlyInAnyOrderElementsOf(ours);
    for (String name : ours) {
      assertThat(Files.readAllBytes(copied.resolve("blobs/sha256").resolve(name)))
          .as(name)
          .isEqualTo(Files.readAllBytes(layout.resolve("blobs/sha256").resolve(name)));
    }

    // A second push of the same content uploads nothing; the archive pushes to the same digest.
    Cli again = ok("push", layout.toString(), target);
    assertThat(again.err()).contains("0 blobs uploaded");
    assertThat(ok("push", archive.toString(), registry.reference("acme/from-archive:1.0")).result())
        .isEqualTo(digest);

    // The loader loads what the command line pushed.
    NativePackage pkg =
        NativeLoader.builder().cacheDir(work.resolve("loader-cache")).build().open(target);
    assertThat(pkg.library("ocipkg_demo")).exists();
    assertThat(pkg.digest().toString())
        .isEqualTo(index.path("manifests").get(0).path("digest").asText());

    assertThat(ok("resolve", target).result()).isEqualTo(digest);
  }

  @Test
  void pullsAndInspectsWhatSkopeoPushed() throws Exception {
    Path libs = work.resolve("native");
    NativeTestLibs.copyPackageTo(libs);
    WrittenLayout written =
        OciLayoutWriter.create()
            .tag("2.0")
            .platform(host, LayerFiles.fromDirectory(libs))
            .platform(other, Map.of("libocipkg_demo.so", "other".getBytes()))
            .platform(
                "linux/amd64",
                LayerFiles.builder().file("libocipkg_demo.so", "musl build").build(),
                Map.of("dev.ocipkg.libc", "musl"))
            .manifestAnnotation("org.opencontainers.image.version", "2.0.0")
            .write(work.resolve("fixture"));
    Skopeo.locate().copyAll(written.directory(), "2.0", registry.server(), "acme/skopeo:2.0");
    String reference = registry.reference("acme/skopeo:2.0");
    String cache = work.resolve("cache").toString();

    Cli inspect = ok("inspect", reference);
    assertThat(inspect.out())
        .contains("index " + written.indexDigest())
        .contains(host + "  manifest " + written.manifest(host).digest())
        .contains("linux/amd64 (musl)  manifest")
        .contains("artifactType application/vnd.ocipkg.v1.artifact")
        .contains("org.opencontainers.image.version: 2.0.0")
        .contains("layer  " + written.manifest(host).layerDigest())
        .contains("libinner.so.1.0.0");
    JsonNode json = JSON.readTree(ok("inspect", "--json", reference).out());
    assertThat(json.path("digest").asText()).isEqualTo(written.indexDigest());
    assertThat(json.path("manifests")).hasSize(3);
    assertThat(json.at("/manifests/2/entryAnnotations/dev.ocipkg.libc").asText()).isEqualTo("musl");
    assertThat(json.at("/manifests/0/layers/0/files").toString()).contains("libocipkg_demo.so");

    Path out = work.resolve("out");
    Cli pull = ok("--cache-dir", cache, "pull", reference, out.toString());
    assertThat(pull.out()).contains(written.manifest(host).digest());
    assertThat(Files.readAllBytes(out.resolve("libocipkg_demo.so")))
        .isEqualTo(Files.readAllBytes(libs.resolve("libocipkg_demo.so")));
    assertThat(Files.isSymbolicLink(out.resolve("libinner.so.1"))).isTrue();

    Path all = work.resolve("all");
    ok("--cache-dir", cache, "pull", "--all-platforms", reference, all.toString());
    assertThat(all.resolve(host.replace('/', '-')).resolve("libouter.so")).exists();
    assertThat(Files.readString(all.resolve(other.replace('/', '-')).resolve("libocipkg_demo.so")))
        .isEqualTo("other");
    assertThat(Files.readString(all.resolve("linux-amd64-musl/libocipkg_demo.so")))
        .isEqualTo("musl build");

    Cli other = ok("--cache-dir", cache, "pull", "--platform", this.other, reference);
    assertThat(other.out()).contains(written.manifest(this.other).digest());

    // A pull into a folder that is not empty is refused; nothing is overwritten.
    Cli again = Cli.run("--cache-dir", cache, "pull", reference, out.toString());
    assertThat(again.exitCode()).isEqualTo(1);
    assertThat(again.errLines().get(0)).contains("not empty");
  }

  @Test
  void copiesBetweenRegistryArchiveAndLayoutKeepingDigests() throws Exception {
    Path layout = work.resolve("layout");
    List<String> pack = new ArrayList<>(packArguments());
    pack.addAll(List.of("--output", layout.toString()));
    String digest = ok(pack.toArray(String[]::new)).result();
    ok("push", "oci:" + layout + ":1.0", registry.reference("acme/copy:1.0"));

    Path archive = work.resolve("copied.tar");
    assertThat(ok("copy", registry.reference("acme/copy:1.0"), "oci-archive:" + archive).result())
        .isEqualTo(digest);
    Path back = work.resolve("back");
    assertThat(ok("copy", archive.toString(), "oci:" + back + ":again").result()).isEqualTo(digest);
    assertThat(ok("copy", "oci:" + back + ":again", registry.reference("acme/copy2")).result())
        .isEqualTo(digest);
    assertThat(ok("resolve", registry.reference("acme/copy2:again")).result()).isEqualTo(digest);
    assertThat(blobNames(back)).containsExactlyInAnyOrderElementsOf(blobNames(layout));

    // The cache: load the archive, list, remove, collect.
    String cache = work.resolve("cache").toString();
    Cli load = ok("--cache-dir", cache, "load", "--all-platforms", archive.toString());
    assertThat(load.out().lines()).hasSize(3);
    Cli ls = ok("--cache-dir", cache, "ls");
    assertThat(ls.out()).contains("PACKAGE", "oci-archive:" + archive + "@sha256:");
    assertThat(ls.out().lines()).hasSize(4);
    Cli rm = ok("--cache-dir", cache, "rm", "oci-archive:" + archive);
    assertThat(rm.out()).contains("removed oci-archive:" + archive + ": 3 records, 3 packages");
    assertThat(ok("--cache-dir", cache, "ls").out().lines()).hasSize(1);
    // Each platform was loaded by its manifest digest: 3 manifests and 3 configs (a layer blob is
    // not kept once its package is extracted).
    Cli gc = ok("--cache-dir", cache, "gc");
    assertThat(gc.out()).contains("removed 0 records, 0 packages, 6 blobs");
    assertThat(ok("--cache-dir", cache, "gc").out())
        .contains("removed 0 records, 0 packages, 0 blobs");
  }

  private static Path blob(Path layout, String digest) {
    return layout.resolve("blobs/sha256").resolve(digest.substring("sha256:".length()));
  }

  private static List<String> blobNames(Path layout) throws IOException {
    try (Stream<Path> files = Files.list(layout.resolve("blobs/sha256"))) {
      return files.map(p -> p.getFileName().toString()).sorted().toList();
    }
  }
}
