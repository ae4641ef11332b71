package dev.ocipkg.tools.pack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ocipkg.Digest;
import dev.ocipkg.NativeLoader;
import dev.ocipkg.NativePackage;
import dev.ocipkg.Platform;
import dev.ocipkg.internal.io.TransferListener;
import dev.ocipkg.internal.oci.ImageIndex;
import dev.ocipkg.internal.oci.ImageManifest;
import dev.ocipkg.internal.oci.MediaTypes;
import dev.ocipkg.internal.oci.OciJson;
import dev.ocipkg.internal.source.FetchedManifest;
import dev.ocipkg.internal.source.LayoutSource;
import dev.ocipkg.tools.ReferenceChecks;
import dev.ocipkg.tools.layout.ImageAnnotations;
import dev.ocipkg.tools.layout.LayoutArchiver;
import dev.ocipkg.tools.layout.PackInputException;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ArtifactPackerTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path work;

  /** A package folder: a library, a link to it, an executable in a subfolder. */
  private Path packageFolder(String name, String library) throws IOException {
    Path dir = Files.createDirectories(work.resolve(name));
    Files.writeString(dir.resolve("libfoo.so.1"), library);
    Files.createSymbolicLink(dir.resolve("libfoo.so"), Path.of("libfoo.so.1"));
    Path bin = Files.createDirectories(dir.resolve("bin"));
    Files.writeString(bin.resolve("tool"), "#!/bin/sh\n");
    Files.setPosixFilePermissions(
        bin.resolve("tool"), PosixFilePermissions.fromString("rwx------"));
    return dir;
  }

  private static PackRequest request(List<PlatformContent> platforms) {
    Map<String, String> annotations = new LinkedHashMap<>();
    annotations.put(ImageAnnotations.VERSION, "1.2.0");
    annotations.put(ImageAnnotations.LICENSES, "MIT");
    return new PackRequest("1.2.0", platforms, annotations);
  }

  @Test
  void writesTheArtifactFormat() throws Exception {
    Path amd64 = packageFolder("amd64", "amd64 library");
    Path musl = packageFolder("musl", "musl library");
    PackedImage packed =
        new ArtifactPacker(TransferListener.NONE)
            .pack(
                request(
                    List.of(
                        new PlatformContent(Platform.parse("linux/amd64"), null, List.of(amd64)),
                        new PlatformContent(Platform.parse("linux/amd64"), "musl", List.of(musl)))),
                work.resolve("layout"));

    Path layout = work.resolve("layout");
    JsonNode indexJson = JSON.readTree(layout.resolve("index.json").toFile());
    assertThat(indexJson.at("/manifests/0/annotations/org.opencontainers.image.ref.name").asText())
        .isEqualTo("1.2.0");
    assertThat(indexJson.at("/manifests/0/digest").asText())
        .isEqualTo(packed.index().digest().toString());
    assertThat(Files.readString(layout.resolve("oci-layout"))).contains("1.0.0");

    byte[] indexBytes = blob(layout, packed.index().digest());
    ImageIndex index = OciJson.parseIndex(indexBytes, "index");
    assertThat(index.mediaType()).isEqualTo(MediaTypes.OCI_INDEX);
    assertThat(index.manifests()).hasSize(2);
    assertThat(index.manifests().get(0).platform()).isEqualTo(Platform.parse("linux/amd64"));
    assertThat(index.manifests().get(0).annotations()).isEmpty();
    assertThat(index.manifests().get(1).annotations()).containsEntry("dev.ocipkg.libc", "musl");
    assertThat(index.annotations())
        .containsEntry("org.opencontainers.image.version", "1.2.0")
        .containsEntry("org.opencontainers.image.licenses", "MIT")
        .doesNotContainKey("org.opencontainers.image.created");
    assertThat(new String(indexBytes, StandardCharsets.UTF_8))
        .startsWith("{\"schemaVersion\":2,\"mediaType\":\"" + MediaTypes.OCI_INDEX + "\"");

    ImageManifest manifest =
        OciJson.parseManifest(blob(layout, index.manifests().get(0).digest()), "manifest");
    assertThat(manifest.artifactType()).isEqualTo(MediaTypes.OCIPKG_ARTIFACT);
    assertThat(manifest.config().mediaType()).isEqualTo(MediaTypes.OCIPKG_CONFIG);
    assertThat(manifest.layers()).hasSize(1);
    assertThat(manifest.layers().get(0).mediaType()).isEqualTo(MediaTypes.OCIPKG_LAYER_TAR_GZIP);
    assertThat(manifest.annotations()).containsEntry("org.opencontainers.image.version", "1.2.0");
    Digest layer = manifest.layers().get(0).digest();
    assertThat(
            OciJson.parseOcipkgConfig(blob(layout, manifest.config().digest()), "config")
                .filesOf(layer))
        .containsExactly("bin/tool", "libfoo.so", "libfoo.so.1");

    byte[] layerBytes = blob(layout, layer);
    assertThat(layerBytes[3]).as("gzip flags: no file name").isZero();
    assertThat(List.of(layerBytes[4], layerBytes[5], layerBytes[6], layerBytes[7]))
        .as("gzip mtime")
        .containsOnly((byte) 0);
    assertThat(layerBytes[9] & 0xff).as("gzip OS byte").isEqualTo(255);

    List<TarArchiveEntry> entries = tarEntries(layerBytes);
    assertThat(entries)
        .extracting(TarArchiveEntry::getName)
        .containsExactly("bin/", "bin/tool", "libfoo.so", "libfoo.so.1");
    for (TarArchiveEntry entry : entries) {
      assertThat(entry.getModTime().getTime()).isZero();
      assertThat(entry.getLongUserId()).isZero();
      assertThat(entry.getLongGroupId()).isZero();
      assertThat(entry.getUserName()).isEmpty();
      assertThat(entry.getGroupName()).isEmpty();
    }
    assertThat(entries.get(0).getMode() & 07777).isEqualTo(0755);
    assertThat(entries.get(1).getMode() & 07777).isEqualTo(0755);
    assertThat(entries.get(2).isSymbolicLink()).isTrue();
    assertThat(entries.get(2).getLinkName()).isEqualTo("libfoo.so.1");
    assertThat(entries.get(3).getMode() & 07777).isEqualTo(0644);
  }

  @Test
  void sameInputsGiveTheSameDigestsWhateverTheFileTimesAndOrder() throws Exception {
    Path first = packageFolder("first", "library");
    Path second = packageFolder("second", "library");
    Files.setLastModifiedTime(second.resolve("libfoo.so.1"), FileTime.from(Instant.now()));
    Files.setPosixFilePermissions(
        second.resolve("libfoo.so.1"), PosixFilePermissions.fromString("rw-rw-r--"));
    Map<String, String> reversed = new LinkedHashMap<>();
    reversed.put(ImageAnnotations.LICENSES, "MIT");
    reversed.put(ImageAnnotations.VERSION, "1.2.0");

    PackedImage a =
        new ArtifactPacker(TransferListener.NONE)
            .pack(
                request(
                    List.of(
                        new PlatformContent(Platform.parse("linux/amd64"), null, List.of(first)))),
                work.resolve("a"));
    PackedImage b =
        new ArtifactPacker(TransferListener.NONE)
            .pack(
                new PackRequest(
                    "1.2.0",
                    List.of(
                        new PlatformContent(Platform.parse("linux/amd64"), null, List.of(second))),
                    reversed),
                work.resolve("b"));

    assertThat(b.index().digest()).isEqualTo(a.index().digest());
    assertThat(b.platforms().get(0).layer().digest())
        .isEqualTo(a.platforms().get(0).layer().digest());
    assertThat(Files.readAllBytes(work.resolve("b/index.json")))
        .isEqualTo(Files.readAllBytes(work.resolve("a/index.json")));

    LayoutArchiver.write(work.resolve("a"), work.resolve("a.tar"));
    LayoutArchiver.write(work.resolve("b"), work.resolve("b.tar"));
    assertThat(Files.readAllBytes(work.resolve("b.tar")))
        .isEqualTo(Files.readAllBytes(work.resolve("a.tar")));
    try (LayoutSource archive = LayoutSource.archive(work.resolve("a.tar"))) {
      FetchedManifest root = archive.fetchManifest("1.2.0", null);
      assertThat(root.digest()).isEqualTo(a.index().digest());
    }
  }

  @Test
  void theLoaderLoadsWhatWasPacked() throws Exception {
    Path folder = packageFolder("pkg", "library");
    Platform host = Platform.current();
    new ArtifactPacker(TransferListener.NONE)
        .pack(
            request(List.of(new PlatformContent(host, null, List.of(folder)))),
            work.resolve("layout"));

    NativePackage pkg =
        NativeLoader.builder()
            .cacheDir(work.resolve("cache"))
            .build()
            .open("oci:" + work.resolve("layout") + ":1.2.0");
    assertThat(Files.readString(pkg.directory().resolve("libfoo.so"))).isEqualTo("library");
    assertThat(Files.isSymbolicLink(pkg.directory().resolve("libfoo.so"))).isTrue();
    assertThat(Files.isExecutable(pkg.directory().resolve("bin/tool"))).isTrue();
  }

  @Test
  void aSingleFileIsPackedUnderItsNameAndLinksGivenByNameAreFollowed() throws Exception {
    Path folder = packageFolder("pkg", "library");
    PackedImage packed =
        new ArtifactPacker(TransferListener.NONE)
            .pack(
                request(
                    List.of(
                        PlatformContent.parse(
                            "darwin/arm64=" + folder.resolve("libfoo.so"), Path.of("/")))),
                work.resolve("layout"));
    assertThat(packed.platforms().get(0).files()).containsExactly("libfoo.so");
    List<TarArchiveEntry> entries =
        tarEntries(blob(work.resolve("layout"), packed.platforms().get(0).layer().digest()));
    assertThat(entries.get(0).isFile()).isTrue();
    assertThat(entries.get(0).getSize()).isEqualTo("library".length());
  }

  @Test
  void aFolderGivenThroughALinkIsPackedAsTheFolder() throws Exception {
    Path folder = packageFolder("real", "library");
    Path link = Files.createSymbolicLink(work.resolve("link"), folder);
    PackedImage viaLink =
        new ArtifactPacker(TransferListener.NONE)
            .pack(
                request(
                    List.of(
                        new PlatformContent(Platform.parse("linux/amd64"), null, List.of(link)))),
                work.resolve("a"));
    PackedImage direct =
        new ArtifactPacker(TransferListener.NONE)
            .pack(
                request(
                    List.of(
                        new PlatformContent(Platform.parse("linux/amd64"), null, List.of(folder)))),
                work.resolve("b"));
    assertThat(viaLink.index().digest()).isEqualTo(direct.index().digest());
    assertThat(viaLink.platforms().get(0).files())
        .containsExactly("bin/tool", "libfoo.so", "libfoo.so.1");
  }

  @Test
  void refusesUnsafeOrMissingInputs() throws Exception {
    Path outside = packageFolder("outside", "x");
    Files.createSymbolicLink(outside.resolve("escape"), Path.of("../amd64/libfoo.so"));
    assertThatThrownBy(() -> pack(outside))
        .isInstanceOf(PackInputException.class)
        .hasMessageContaining("escape")
        .hasMessageContaining("outside");

    Path absolute = packageFolder("absolute", "x");
    Files.createSymbolicLink(absolute.resolve("abs"), Path.of("/etc/passwd"));
    assertThatThrownBy(() -> pack(absolute))
        .isInstanceOf(PackInputException.class)
        .hasMessageContaining("absolute path /etc/passwd");

    Path fifo = packageFolder("fifo", "x");
    Process mkfifo = new ProcessBuilder("mkfifo", fifo.resolve("pipe").toString()).start();
    assertThat(mkfifo.waitFor()).isZero();
    assertThatThrownBy(() -> pack(fifo))
        .isInstanceOf(PackInputException.class)
        .hasMessageContaining("pipe")
        .hasMessageContaining("FIFO");

    assertThatThrownBy(() -> pack(work.resolve("missing")))
        .isInstanceOf(PackInputException.class)
        .hasMessageContaining("no such file or folder for linux/amd64");

    Path nested = packageFolder("nested", "x");
    assertThatThrownBy(
            () ->
                new ArtifactPacker(TransferListener.NONE)
                    .pack(
                        request(
                            List.of(
                                new PlatformContent(
                                    Platform.parse("linux/amd64"),
                                    null,
                                    List.of(nested, nested.resolve("libfoo.so.1"))))),
                        work.resolve("dup")))
        .isInstanceOf(PackInputException.class)
        .hasMessageContaining("libfoo.so.1 is given twice");
    assertThat(work.resolve("dup")).doesNotExist();
  }

  @Test
  void parsesPlatformArguments() {
    PlatformContent c = PlatformContent.parse("linux/arm64/v8+musl=a,b", Path.of("/base"));
    assertThat(c.platform()).isEqualTo(Platform.parse("linux/arm64"));
    assertThat(c.libc()).isEqualTo("musl");
    assertThat(c.paths()).containsExactly(Path.of("/base/a"), Path.of("/base/b"));
    assertThatThrownBy(() -> PlatformContent.parse("linux=dir", Path.of("/")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("invalid platform \"linux\"");
    assertThatThrownBy(() -> PlatformContent.parse("linux/amd64", Path.of("/")))
        .hasMessageContaining("is not os/arch[/variant][+libc]=PATH");
    assertThat(ReferenceChecks.namesTag("localhost:5000/acme/foo")).isFalse();
    assertThat(ReferenceChecks.namesTag("localhost:5000/acme/foo:1.0")).isTrue();
    assertThat(ReferenceChecks.namesTag("acme/foo@sha256:" + "a".repeat(64))).isFalse();
    assertThat(ReferenceChecks.isTag("1.0")).isTrue();
    assertThat(ReferenceChecks.isTag("-bad")).isFalse();
  }

  private void pack(Path folder) throws IOException {
    new ArtifactPacker(TransferListener.NONE)
        .pack(
            request(
                List.of(new PlatformContent(Platform.parse("linux/amd64"), null, List.of(folder)))),
            work.resolve("out-" + folder.getFileName()));
  }

  private static byte[] blob(Path layout, Digest digest) throws IOException {
    return Files.readAllBytes(layout.resolve("blobs/sha256").resolve(digest.hex()));
  }

  private static List<TarArchiveEntry> tarEntries(byte[] tarGzip) throws IOException {
    List<TarArchiveEntry> entries = new ArrayList<>();
    try (InputStream in = new GzipCompressorInputStream(new ByteArrayInputStream(tarGzip));
        TarArchiveInputStream tar = new TarArchiveInputStream(in)) {
      for (TarArchiveEntry e = tar.getNextEntry(); e != null; e = tar.getNextEntry()) {
        entries.add(e);
      }
    }
    return entries;
  }
}
