package dev.ocipkg.testing;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

class OciLayoutWriterTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @RegisterExtension static RegistryExtension registry = RegistryExtension.anonymous();

  @Test
  void sameInputSameBytes(@TempDir Path a, @TempDir Path b) throws Exception {
    WrittenLayout first = Fixtures.libfoo(a, "1.0");
    WrittenLayout second = Fixtures.libfoo(b, "1.0");
    assertThat(second.indexDigest()).isEqualTo(first.indexDigest());
    assertThat(Files.readAllBytes(b.resolve("index.json")))
        .isEqualTo(Files.readAllBytes(a.resolve("index.json")));
    try (var blobs = Files.list(a.resolve("blobs/sha256"))) {
      for (Path blob : blobs.toList()) {
        assertThat(Sha256.digest(blob)).isEqualTo("sha256:" + blob.getFileName());
      }
    }
  }

  @Test
  void writesTheOcipkgV1ArtifactForm(@TempDir Path dir) throws Exception {
    WrittenLayout layout = Fixtures.libfoo(dir, "1.2.0");

    JsonNode indexJson = JSON.readTree(dir.resolve("index.json").toFile());
    JsonNode root = indexJson.get("manifests").get(0);
    assertThat(root.get("digest").asText()).isEqualTo(layout.indexDigest());
    assertThat(root.get("annotations").get(MediaTypes.REF_NAME_ANNOTATION).asText())
        .isEqualTo("1.2.0");
    assertThat(Files.readString(dir.resolve("oci-layout")))
        .contains("\"imageLayoutVersion\":\"1.0.0\"");

    JsonNode index = JSON.readTree(layout.rootBytes());
    assertThat(index.get("mediaType").asText()).isEqualTo(MediaTypes.OCI_INDEX);
    assertThat(index.get("manifests")).hasSize(5);
    assertThat(index.get("manifests").get(2).get("annotations").get("dev.ocipkg.libc").asText())
        .isEqualTo("musl");

    WrittenManifest amd64 = layout.manifest("linux/amd64");
    JsonNode manifest = JSON.readTree(amd64.bytes());
    assertThat(manifest.get("artifactType").asText()).isEqualTo(MediaTypes.OCIPKG_ARTIFACT);
    assertThat(manifest.get("config").get("mediaType").asText())
        .isEqualTo(MediaTypes.OCIPKG_CONFIG);
    assertThat(manifest.get("layers").get(0).get("mediaType").asText())
        .isEqualTo(MediaTypes.OCIPKG_LAYER_TAR_GZIP);
    assertThat(JSON.readTree(amd64.configBytes()))
        .isEqualTo(
            JSON.readTree(
                "{\"layers\":{\""
                    + amd64.layerDigest()
                    + "\":[\"libfoo.so\",\"libfoo.so.1\",\"libfoo.so.1.2.0\"]}}"));

    assertThat(entries(amd64.layerBytes()))
        .containsExactly(
            "libfoo.so -> libfoo.so.1 mode=120777",
            "libfoo.so.1 -> libfoo.so.1.2.0 mode=120777",
            "libfoo.so.1.2.0 size=22 mode=100755");
    // gzip header: mtime 0, OS unknown
    assertThat(new byte[] {amd64.layerBytes()[4], amd64.layerBytes()[5], amd64.layerBytes()[9]})
        .containsExactly(0, 0, 0xff);
  }

  @Test
  void keepsSymlinksFromADirectoryAndOtherTagsOfTheLayout(@TempDir Path source, @TempDir Path dir)
      throws Exception {
    Files.write(source.resolve("libbar.so.2"), Fixtures.bytes("bar"));
    Files.createSymbolicLink(source.resolve("libbar.so"), Path.of("libbar.so.2"));
    Files.createDirectory(source.resolve("include"));
    Files.writeString(source.resolve("include/bar.h"), "int bar(void);");

    OciLayoutWriter.create().tag("1.0").platform("linux/amd64", source).write(dir);
    WrittenLayout image =
        OciLayoutWriter.create()
            .tag("2.0")
            .form(ManifestForm.OCI_IMAGE)
            .withoutIndex()
            .platform("linux/arm64/v8", source)
            .write(dir);

    WrittenManifest arm64 = image.manifest("linux/arm64/v8");
    assertThat(image.rootDigest()).isEqualTo(arm64.digest());
    assertThat(entries(arm64.layerBytes()))
        .containsExactly(
            "include/ mode=40755",
            "include/bar.h size=14 mode=100644",
            "libbar.so -> libbar.so.2 mode=120777",
            "libbar.so.2 size=3 mode=100644");
    JsonNode config = JSON.readTree(arm64.configBytes());
    assertThat(config.get("variant").asText()).isEqualTo("v8");
    assertThat(config.get("rootfs").get("diff_ids")).hasSize(1);
    assertThat(arm64.layerMediaType()).isEqualTo(MediaTypes.OCI_LAYER_TAR_GZIP);

    Skopeo skopeo = Skopeo.locate();
    assertThat(Sha256.digest(skopeo.inspectRaw(dir, "2.0"))).isEqualTo(arm64.digest());
    assertThat(JSON.readTree(skopeo.inspectRaw(dir, "1.0")).get("mediaType").asText())
        .isEqualTo(MediaTypes.OCI_INDEX);
  }

  @Test
  void skopeoRoundTripKeepsEveryDigest(@TempDir Path dir, @TempDir Path pulled) throws Exception {
    WrittenLayout layout = Fixtures.libfoo(dir, "1.2.0");
    Skopeo skopeo = Skopeo.locate();
    skopeo.copyAll(dir, "1.2.0", registry.server(), "acme/roundtrip:1.2.0");

    skopeo.copyAllToLayout(registry.server(), "acme/roundtrip:1.2.0", pulled, "copy");

    assertThat(Sha256.digest(skopeo.inspectRaw(pulled, "copy"))).isEqualTo(layout.indexDigest());
    for (WrittenManifest manifest : layout.manifests()) {
      assertThat(pulled.resolve("blobs/sha256/" + Sha256.hex(manifest.layerDigest())))
          .hasBinaryContent(manifest.layerBytes());
    }
  }

  @Test
  void hostileNamesAreWrittenVerbatim() throws Exception {
    LayerFiles hostile =
        LayerFiles.builder()
            .file("../escape", "x")
            .file("/etc/absolute", "y")
            .symlink("link", "/etc/passwd")
            .hardlink("hard", "../escape")
            .build();
    assertThat(entries(TarGzipLayer.gzip(TarGzipLayer.tar(hostile))))
        .containsExactly(
            "../escape size=1 mode=100644",
            "/etc/absolute size=1 mode=100644",
            "hard => ../escape mode=100644",
            "link -> /etc/passwd mode=120777");
  }

  private static List<String> entries(byte[] layer) throws Exception {
    List<String> entries = new ArrayList<>();
    try (TarArchiveInputStream tar =
        new TarArchiveInputStream(new GzipCompressorInputStream(new ByteArrayInputStream(layer)))) {
      for (TarArchiveEntry e; (e = tar.getNextEntry()) != null; ) {
        assertThat(e.getModTime().toInstant()).isEqualTo(TarGzipLayer.ENTRY_MTIME);
        assertThat(e.getUserName()).isEmpty();
        assertThat(e.getLongUserId()).isZero();
        String mode = " mode=" + Integer.toOctalString(e.getMode());
        if (e.isSymbolicLink()) {
          entries.add(e.getName() + " -> " + e.getLinkName() + mode);
        } else if (e.isLink()) {
          entries.add(e.getName() + " => " + e.getLinkName() + mode);
        } else if (e.isDirectory()) {
          entries.add(e.getName() + mode);
        } else {
          entries.add(e.getName() + " size=" + e.getSize() + mode);
        }
      }
    }
    return entries;
  }
}
