package dev.ocipkg.internal.oci;

import static dev.ocipkg.internal.oci.Fixtures.bytes;
import static dev.ocipkg.internal.oci.Fixtures.utf8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ocipkg.Digest;
import dev.ocipkg.Platform;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class OciJsonTest {
  private static final String WHERE = "manifest sha256:c823e7b9 from ghcr.io/acme/libfoo";
  private static final String DIGEST =
      "sha256:c823e7b974002cd28aa0202a4e5f2dd3ee372d117bde1cca46318ae904229966";
  private static final String CONFIG =
      "{\"mediaType\":\""
          + MediaTypes.OCIPKG_CONFIG
          + "\",\"digest\":\""
          + DIGEST
          + "\",\"size\":2}";

  @Test
  void readsOcipkgIndexWithThreePlatforms() throws Exception {
    ManifestOrIndex parsed =
        OciJson.parse(bytes("ocipkg-index.json"), "application/json", "ocipkg-index.json");

    assertThat(parsed).isInstanceOf(ImageIndex.class);
    ImageIndex index = (ImageIndex) parsed;
    assertThat(index.mediaType()).isEqualTo(MediaTypes.OCI_INDEX);
    assertThat(index.artifactType()).isEqualTo(MediaTypes.OCIPKG_ARTIFACT);
    assertThat(index.annotations())
        .containsEntry("org.opencontainers.image.source", "https://github.com/acme/libfoo");
    assertThat(index.manifests())
        .extracting(Descriptor::platform)
        .containsExactly(
            Platform.parse("linux/amd64"),
            Platform.parse("linux/arm64"),
            Platform.parse("darwin/arm64"));
    assertThat(index.manifests())
        .allSatisfy(
            d -> {
              assertThat(d.mediaType()).isEqualTo(MediaTypes.OCI_MANIFEST);
              assertThat(d.artifactType()).isEqualTo(MediaTypes.OCIPKG_ARTIFACT);
              assertThat(d.urls()).isEmpty();
            });
  }

  @Test
  void indexEntriesPinTheManifestsAndManifestsPinTheirConfigs() throws Exception {
    ImageIndex index = Fixtures.index("ocipkg-index.json");
    List<String> names = List.of("linux-amd64", "linux-arm64", "darwin-arm64");
    for (int i = 0; i < names.size(); i++) {
      byte[] manifestBytes = bytes("ocipkg-manifest-" + names.get(i) + ".json");
      Descriptor entry = index.manifests().get(i);
      assertThat(Digest.sha256(manifestBytes)).isEqualTo(entry.digest());
      assertThat((long) manifestBytes.length).isEqualTo(entry.size());

      ImageManifest manifest = OciJson.parseManifest(manifestBytes, names.get(i));
      byte[] configBytes = bytes("ocipkg-config-" + names.get(i) + ".json");
      assertThat(Digest.sha256(configBytes)).isEqualTo(manifest.config().digest());
      OcipkgConfig config = OciJson.parseOcipkgConfig(configBytes, names.get(i));
      Digest layer = manifest.layers().get(0).digest();
      assertThat(config.layers()).containsOnlyKeys(layer);
      assertThat(config.filesOf(layer)).hasSize(2).contains("LICENSE");
    }
  }

  @Test
  void readsOcipkgV1Manifest() throws Exception {
    ManifestOrIndex parsed = OciJson.parse(bytes("ocipkg-manifest-linux-amd64.json"), null, WHERE);

    assertThat(parsed).isInstanceOf(ImageManifest.class);
    ImageManifest manifest = (ImageManifest) parsed;
    assertThat(manifest.mediaType()).isEqualTo(MediaTypes.OCI_MANIFEST);
    assertThat(manifest.artifactType()).isEqualTo(MediaTypes.OCIPKG_ARTIFACT);
    assertThat(manifest.effectiveArtifactType()).isEqualTo(MediaTypes.OCIPKG_ARTIFACT);
    assertThat(manifest.config().mediaType()).isEqualTo(MediaTypes.OCIPKG_CONFIG);
    assertThat(manifest.layers())
        .singleElement()
        .satisfies(
            layer -> {
              assertThat(layer.mediaType()).isEqualTo(MediaTypes.OCIPKG_LAYER_TAR_GZIP);
              assertThat(layer.size()).isEqualTo(7412);
              assertThat(layer.platform()).isNull();
            });
    assertThat(manifest.annotations()).containsEntry("org.opencontainers.image.version", "1.2.0");
    assertThat(manifest.subject()).isNull();
  }

  @Test
  void readsDockerManifestListNormalisingPlatforms() throws Exception {
    ManifestOrIndex parsed = OciJson.parse(bytes("docker-manifest-list.json"), null, WHERE);

    assertThat(parsed).isInstanceOf(ImageIndex.class);
    ImageIndex list = (ImageIndex) parsed;
    assertThat(list.mediaType()).isEqualTo(MediaTypes.DOCKER_MANIFEST_LIST);
    assertThat(list.manifests())
        .extracting(d -> String.valueOf(d.platform()))
        .containsExactly(
            "linux/amd64",
            "linux/arm/v6",
            "linux/arm/v7",
            "linux/arm64", // arm64/v8 in the JSON
            "linux/386",
            "linux/ppc64le",
            "linux/s390x");
    assertThat(list.manifests())
        .extracting(Descriptor::mediaType)
        .containsOnly(MediaTypes.DOCKER_MANIFEST);
  }

  @Test
  void readsBuildxIndexWithAttestations() throws Exception {
    ImageIndex index = Fixtures.index("buildx-index-with-attestations.json");

    assertThat(index.manifests()).hasSize(8);
    Descriptor attestation = index.manifests().get(0);
    assertThat(attestation.platform()).isEqualTo(Platform.of("unknown", "unknown", null));
    assertThat(attestation.annotation("vnd.docker.reference.type"))
        .isEqualTo("attestation-manifest");
    assertThat(attestation.annotation("vnd.docker.reference.digest"))
        .isEqualTo(index.manifests().get(1).digest().toString());
  }

  @Test
  void readsDockerV2Manifest() throws Exception {
    ManifestOrIndex parsed = OciJson.parse(bytes("docker-manifest-v2.json"), null, WHERE);

    ImageManifest manifest = (ImageManifest) parsed;
    assertThat(manifest.mediaType()).isEqualTo(MediaTypes.DOCKER_MANIFEST);
    assertThat(manifest.artifactType()).isNull();
    assertThat(manifest.effectiveArtifactType()).isEqualTo(MediaTypes.DOCKER_CONFIG);
    assertThat(manifest.layers())
        .singleElement()
        .extracting(Descriptor::mediaType, Descriptor::size)
        .containsExactly(MediaTypes.DOCKER_LAYER_TAR_GZIP, 3408729L);
  }

  @Test
  void readsOrasArtifactWithTitledLayers() throws Exception {
    ImageManifest manifest = OciJson.parseManifest(bytes("oras-manifest.json"), WHERE);

    assertThat(manifest.artifactType()).isEqualTo("application/vnd.acme.libfoo.v1");
    assertThat(manifest.config().mediaType()).isEqualTo(MediaTypes.OCI_EMPTY);
    assertThat(manifest.config().digest()).isEqualTo(Digest.sha256(utf8("{}")));
    assertThat(manifest.layers())
        .extracting(d -> d.annotation(Annotations.TITLE))
        .containsExactly("libfoo.so", "include");
    assertThat(manifest.layers().get(0).annotation(Annotations.ORAS_UNPACK)).isNull();
    assertThat(manifest.layers().get(1).annotation(Annotations.ORAS_UNPACK)).isEqualTo("true");
    assertThat(manifest.layers())
        .extracting(Descriptor::mediaType)
        .containsExactly(MediaTypes.OCI_LAYER_TAR, MediaTypes.OCI_LAYER_TAR_GZIP);
    assertThat(manifest.blobs())
        .as("the config, then the layers in order")
        .containsExactly(manifest.config(), manifest.layers().get(0), manifest.layers().get(1));
  }

  @Test
  void findsLayoutEntriesByRefName() throws Exception {
    ImageIndex layout = OciJson.parseIndex(bytes("layout-index.json"), "oci:/srv/libfoo");

    assertThat(layout.refNames()).containsExactly("1.2.0", "1.2.0-linux-amd64", "latest");
    Descriptor tagged = layout.findByRefName("1.2.0");
    assertThat(tagged).isNotNull();
    assertThat(tagged.mediaType()).isEqualTo(MediaTypes.OCI_INDEX);
    assertThat(tagged.digest()).isEqualTo(Digest.sha256(bytes("ocipkg-index.json")));
    assertThat(layout.findByRefName("1.2.0-linux-amd64"))
        .extracting(Descriptor::mediaType)
        .isEqualTo(MediaTypes.OCI_MANIFEST);
    assertThat(layout.findByRefName("1.2")).isNull();
  }

  @Test
  void refusesDockerSchema1ClearlyByBodyOrContentType() {
    assertThatThrownBy(() -> OciJson.parse(bytes("docker-schema1.json"), null, WHERE))
        .isInstanceOf(OciFormatException.class)
        .hasMessageStartingWith(WHERE + ": ")
        .hasMessageContaining("Docker schema 1");
    assertThatThrownBy(
            () ->
                OciJson.parse(
                    utf8("{\"schemaVersion\":2}"),
                    MediaTypes.DOCKER_SCHEMA1_SIGNED_MANIFEST,
                    WHERE))
        .hasMessageContaining("Docker schema 1");
    assertThatThrownBy(() -> OciJson.parseManifest(bytes("docker-schema1.json"), WHERE))
        .hasMessageContaining("Docker schema 1");
  }

  @Test
  void kindFallsBackToContentTypeThenToShape() throws Exception {
    String bareIndex = "{\"schemaVersion\":2,\"manifests\":[]}";
    String bareManifest = "{\"schemaVersion\":2,\"config\":" + CONFIG + ",\"layers\":[]}";

    assertThat(
            OciJson.parse(
                    utf8(bareIndex), MediaTypes.DOCKER_MANIFEST_LIST + "; charset=utf-8", WHERE)
                .mediaType())
        .isEqualTo(MediaTypes.DOCKER_MANIFEST_LIST);
    assertThat(OciJson.parse(utf8(bareIndex), "application/octet-stream", WHERE))
        .isInstanceOf(ImageIndex.class)
        .extracting(ManifestOrIndex::mediaType)
        .isEqualTo(MediaTypes.OCI_INDEX);
    assertThat(OciJson.parse(utf8(bareManifest), MediaTypes.DOCKER_MANIFEST, WHERE).mediaType())
        .isEqualTo(MediaTypes.DOCKER_MANIFEST);
    assertThat(OciJson.parse(utf8(bareManifest), null, WHERE))
        .isInstanceOf(ImageManifest.class)
        .extracting(ManifestOrIndex::mediaType)
        .isEqualTo(MediaTypes.OCI_MANIFEST);
  }

  @Test
  void jsonMediaTypeWinsOverContentType() throws Exception {
    assertThat(
            OciJson.parse(bytes("ocipkg-manifest-linux-amd64.json"), MediaTypes.OCI_INDEX, WHERE))
        .isInstanceOf(ImageManifest.class);
  }

  @Test
  void ignoresUnknownFieldsAndNullOptionalOnes() throws Exception {
    String json =
        "{\"schemaVersion\":2,\"mediaType\":\""
            + MediaTypes.OCI_MANIFEST
            + "\",\"future\":{\"x\":[1,2]},\"annotations\":null,\"subject\":null,"
            + "\"config\":"
            + CONFIG
            + ",\"layers\":[{\"mediaType\":\"m\",\"digest\":\""
            + DIGEST
            + "\",\"size\":0,\"data\":\"\",\"urls\":[\"https://cdn.example/x\"],"
            + "\"platform\":{\"os\":\"windows\",\"architecture\":\"amd64\","
            + "\"os.version\":\"10.0.17763.1\",\"os.features\":[\"win32k\"]}}]}";

    ImageManifest manifest = OciJson.parseManifest(utf8(json), WHERE);

    assertThat(manifest.annotations()).isEmpty();
    Descriptor layer = manifest.layers().get(0);
    assertThat(layer.urls()).containsExactly("https://cdn.example/x");
    assertThat(layer.platform()).isEqualTo(Platform.parse("windows/amd64"));
  }

  @Test
  void readsSubject() throws Exception {
    String json =
        "{\"schemaVersion\":2,\"config\":"
            + CONFIG
            + ",\"layers\":[],\"subject\":{\"mediaType\":\""
            + MediaTypes.OCI_MANIFEST
            + "\",\"digest\":\""
            + DIGEST
            + "\",\"size\":785}}";

    ImageManifest manifest = OciJson.parseManifest(utf8(json), WHERE);

    assertThat(manifest.subject())
        .isEqualTo(Descriptor.of(MediaTypes.OCI_MANIFEST, Digest.parse(DIGEST), 785));
  }

  /** Each row: the JSON (single quotes for double), then text that the message must contain. */
  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      quoteCharacter = '`',
      value = {
        "<html><body>502 Bad Gateway</body></html> | not valid JSON | <html><body>502",
        "{'schemaVersion':2,'manifests':[] | not valid JSON | line 1",
        "{'schemaVersion':2,'manifests':[]} trailing | not valid JSON | Trailing token",
        "{'schemaVersion':2,'schemaVersion':2,'manifests':[]} | not valid JSON | schemaVersion",
        "` ` | is empty | JSON object",
        "[1,2] | is [1,2], expected a JSON object | ",
        "{'manifests':[]} | schemaVersion is missing | ",
        "{'schemaVersion':3,'manifests':[]} | schemaVersion 3 is not supported | expected 2",
        "{'schemaVersion':'2','manifests':[]} | schemaVersion is '2', expected an integer | ",
        "{'schemaVersion':2.0,'manifests':[]} | schemaVersion is 2.0, expected an integer | ",
        "{'schemaVersion':2,'mediaType':'application/vnd.oci.image.manifest.v1+json','layers':[]}"
            + " | config is missing | ",
        "{'schemaVersion':2,'mediaType':7,'layers':[]} | mediaType is 7, expected a string | ",
        "{'schemaVersion':2,'mediaType':'text/html','layers':[]}"
            + " | mediaType 'text/html' is neither an image index nor an image manifest | ",
        "{'schemaVersion':2,'mediaType':'application/vnd.oci.artifact.manifest.v1+json'}"
            + " | 'application/vnd.oci.artifact.manifest.v1+json' | withdrawn",
        "{'schemaVersion':2} | neither an index nor a manifest | ",
        "{'schemaVersion':2,'manifests':{'a':1}} | manifests is {'a':1}, expected an array | ",
        "{'schemaVersion':2,'manifests':['x']} | manifests[0] is 'x', expected an object | ",
        "{'schemaVersion':2,'manifests':[{'digest':'sha256:xyz','size':1}]}"
            + " | manifests[0].mediaType is missing | ",
        "{'schemaVersion':2,'manifests':[{'mediaType':'m','digest':'sha256:xyz','size':1}]}"
            + " | manifests[0].digest 'sha256:xyz' is not a valid digest | ",
        "{'schemaVersion':2,'manifests':[{'mediaType':'m','digest':'md5:abc','size':1}]}"
            + " | manifests[0].digest 'md5:abc' is not a valid digest | ",
        "{'schemaVersion':2,'manifests':[{'mediaType':'m','digest':12,'size':1}]}"
            + " | manifests[0].digest is 12, expected a string | ",
        "{'schemaVersion':2,'manifests':[{'mediaType':'m','digest':'DIGEST'}]}"
            + " | manifests[0].size is missing | ",
        "{'schemaVersion':2,'manifests':[{'mediaType':'m','digest':'DIGEST','size':-5}]}"
            + " | manifests[0].size -5 is negative | ",
        "{'schemaVersion':2,'manifests':[{'mediaType':'m','digest':'DIGEST','size':'12'}]}"
            + " | manifests[0].size is '12', expected an integer | ",
        "{'schemaVersion':2,'manifests':[{'mediaType':'m','digest':'DIGEST','size':12.5}]}"
            + " | manifests[0].size is 12.5, expected an integer | ",
        "{'schemaVersion':2,'manifests':[{'mediaType':'m','digest':'DIGEST',"
            + "'size':99999999999999999999999}]}"
            + " | manifests[0].size 99999999999999999999999 is too large | ",
        "{'schemaVersion':2,'manifests':[{'mediaType':'m','digest':'DIGEST','size':1,"
            + "'platform':{'os':'linux'}}]} | manifests[0].platform.architecture is missing | ",
        "{'schemaVersion':2,'manifests':[{'mediaType':'m','digest':'DIGEST','size':1,"
            + "'platform':{'os':'linux','architecture':64}}]}"
            + " | manifests[0].platform.architecture is 64, expected a string | ",
        "{'schemaVersion':2,'manifests':[{'mediaType':'m','digest':'DIGEST','size':1,"
            + "'platform':{'os':'','architecture':'amd64'}}]} | manifests[0].platform.os is empty | ",
        "{'schemaVersion':2,'manifests':[{'mediaType':'m','digest':'DIGEST','size':1,"
            + "'annotations':{'k':true}}]} | manifests[0].annotations.'k' is true, expected a string | ",
        "{'schemaVersion':2,'manifests':[{'mediaType':'m','digest':'DIGEST','size':1,"
            + "'urls':'https://x'}]} | manifests[0].urls is 'https://x', expected an array | ",
        "{'schemaVersion':2,'manifests':[],'annotations':[]} | annotations is [], expected an object | ",
      })
  void refusesMalformedJsonSayingWhatAndWhereQuotingTheValue(
      String json, String problem, String detail) {
    byte[] body = utf8(json.replace('\'', '"').replace("DIGEST", DIGEST).strip());
    assertThatThrownBy(() -> OciJson.parse(body, null, WHERE))
        .isInstanceOf(OciFormatException.class)
        .hasMessageStartingWith(WHERE + ": ")
        .hasMessageContaining(problem.replace('\'', '"'))
        .hasMessageContaining(detail == null ? "" : detail.replace('\'', '"'));
  }

  @Test
  void reportsBadLayerDigestByIndexInManifest() {
    String json =
        "{\"schemaVersion\":2,\"config\":"
            + CONFIG
            + ",\"layers\":[{\"mediaType\":\"m\",\"digest\":\""
            + DIGEST
            + "\",\"size\":1},{\"mediaType\":\"m\",\"digest\":\"sha256:xyz\",\"size\":1}]}";

    assertThatThrownBy(() -> OciJson.parseManifest(utf8(json), WHERE))
        .hasMessage(
            WHERE
                + ": layers[1].digest \"sha256:xyz\" is not a valid digest"
                + " (expected sha256:<64 lower-case hex digits> or sha512:<128>)");
  }

  @Test
  void quotesLongOrControlCharacterValuesShortAndEscaped() {
    String longType = "x".repeat(5000);
    String json = "{\"schemaVersion\":2,\"mediaType\":\"" + longType + "\\n\",\"layers\":[]}";

    assertThatThrownBy(() -> OciJson.parse(utf8(json), null, WHERE))
        .message()
        .hasSizeLessThan(300)
        .doesNotContain("\n")
        .contains("\"xxxxxxxx");
  }

  /**
   * A bidirectional override or a line separator in a quoted value is escaped where the message is
   * made (JSON's own escaping leaves both as they are), as every other quoted foreign string is.
   */
  @Test
  void aQuotedValueHasItsBidiOverridesAndLineSeparatorsEscaped() {
    String json = "{\"schemaVersion\":2,\"mediaType\":\"a\u202eb\u2028c\",\"layers\":[]}";

    assertThatThrownBy(() -> OciJson.parseManifest(utf8(json), WHERE))
        .isInstanceOf(OciFormatException.class)
        .hasMessageContaining("mediaType \"a\\u202eb\\u2028c\" is not an image manifest")
        .message()
        .doesNotContain("\u202e", "\u2028");
  }

  @Test
  void parseIndexAndParseManifestRefuseTheOtherKind() {
    assertThatThrownBy(() -> OciJson.parseIndex(bytes("ocipkg-manifest-linux-amd64.json"), WHERE))
        .isInstanceOf(OciFormatException.class)
        .hasMessage(
            WHERE + ": mediaType \"" + MediaTypes.OCI_MANIFEST + "\" is not an image index");
    assertThatThrownBy(() -> OciJson.parseManifest(bytes("docker-manifest-list.json"), WHERE))
        .hasMessage(
            WHERE
                + ": mediaType \""
                + MediaTypes.DOCKER_MANIFEST_LIST
                + "\" is not an image manifest");
    assertThatThrownBy(() -> OciJson.parseIndex(bytes("oras-manifest.json"), WHERE))
        .hasMessageContaining("is not an image index");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {"", "{}", "{\"layers\":null}", "{\"architecture\":\"amd64\",\"os\":\"linux\"}"})
  void ocipkgConfigWithoutLayersIsEmpty(String json) throws Exception {
    assertThat(OciJson.parseOcipkgConfig(utf8(json), WHERE)).isEqualTo(OcipkgConfig.EMPTY);
    assertThat(OcipkgConfig.EMPTY.filesOf(Digest.parse(DIGEST))).isEmpty();
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "{'layers':['a']} | layers is ['a'], expected an object",
        "{'layers':{'sha256:xyz':['a']}} | layers key 'sha256:xyz' is not a valid digest (expected",
        "{'layers':{'DIGEST':'libfoo.so'}} | layers.'DIGEST' is 'libfoo.so', expected an array",
        "{'layers':{'DIGEST':[1]}} | layers.'DIGEST'[0] is 1, expected a string",
        "{'layers':{'DIGEST':['']}} | layers.'DIGEST'[0] is an empty file name",
        "[] | is [], expected a JSON object",
      })
  void refusesMalformedOcipkgConfig(String json, String problem) {
    byte[] body = utf8(json.replace('\'', '"').replace("DIGEST", DIGEST));
    assertThatThrownBy(() -> OciJson.parseOcipkgConfig(body, WHERE))
        .isInstanceOf(OciFormatException.class)
        .hasMessageStartingWith(
            WHERE + ": " + problem.replace('\'', '"').replace("DIGEST", DIGEST));
  }

  @Test
  void capIsFourMebibytes() {
    assertThat(OciJson.MAX_MANIFEST_BYTES).isEqualTo(4 * 1024 * 1024);
  }
}
