package dev.ocipkg.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Writes an OCI image layout ({@code oci-layout}, {@code index.json}, {@code blobs/sha256/…}) whose
 * tag names a multi-platform image index, one manifest per platform, each with one tar+gzip layer
 * (or several, in order, through {@link #platformLayers}).
 *
 * <pre>{@code
 * WrittenLayout layout = OciLayoutWriter.create()
 *     .tag("1.0")
 *     .platform("linux/amd64", LayerFiles.builder()
 *         .file("libfoo.so.1.2", soBytes).symlink("libfoo.so", "libfoo.so.1.2").build())
 *     .platform("darwin/arm64", Map.of("libfoo.dylib", dylibBytes))
 *     .write(dir);
 * skopeo.copyAll(layout.directory(), "1.0", registry, "acme/libfoo:1.0");
 * }</pre>
 *
 * <p>Output is deterministic: compact JSON in a fixed key order, and {@link TarGzipLayer}'s fixed
 * tar and gzip headers. Writing into a folder that already holds a layout adds the tag (replacing a
 * tag of the same name) and keeps the other tags and blobs.
 */
public final class OciLayoutWriter {
  private static final ObjectMapper JSON = new ObjectMapper();

  private record Platform(
      String os,
      String architecture,
      String variant,
      List<LayerFiles> layers,
      Map<String, String> annotations) {
    LayerFiles files() {
      return layers.get(0);
    }

    String text() {
      return os + "/" + architecture + (variant.isEmpty() ? "" : "/" + variant);
    }
  }

  private final List<Platform> platforms = new ArrayList<>();
  private final Map<String, String> manifestAnnotations = new LinkedHashMap<>();
  private String tag = "latest";
  private ManifestForm form = ManifestForm.OCIPKG_V1;
  private boolean withIndex = true;

  private OciLayoutWriter() {}

  public static OciLayoutWriter create() {
    return new OciLayoutWriter();
  }

  /** The tag ({@code org.opencontainers.image.ref.name}) in {@code index.json}; default latest. */
  public OciLayoutWriter tag(String tag) {
    this.tag = tag;
    return this;
  }

  /** The manifest form; default {@link ManifestForm#OCIPKG_V1}. */
  public OciLayoutWriter form(ManifestForm form) {
    this.form = form;
    return this;
  }

  /** Adds a platform, {@code os/arch[/variant]}, in index order. */
  public OciLayoutWriter platform(String platform, LayerFiles files) {
    return platform(platform, files, Map.of());
  }

  /**
   * Adds a platform with annotations on its index descriptor, e.g. {@code dev.ocipkg.libc: musl}.
   */
  public OciLayoutWriter platform(
      String platform, LayerFiles files, Map<String, String> descriptorAnnotations) {
    String[] parts = platform.split("/", -1);
    if (parts.length < 2 || parts.length > 3 || List.of(parts).contains("")) {
      throw new IllegalArgumentException(
          "platform must be os/arch or os/arch/variant, got \"" + platform + "\"");
    }
    platforms.add(
        new Platform(
            parts[0],
            parts[1],
            parts.length == 3 ? parts[2] : "",
            List.of(files),
            new LinkedHashMap<>(descriptorAnnotations)));
    return this;
  }

  /**
   * Adds a platform whose manifest has these layers, in order: later layers replace files of
   * earlier ones and may delete them with OCI whiteouts ({@code .wh.NAME}).
   */
  public OciLayoutWriter platformLayers(String platform, List<LayerFiles> layers) {
    if (layers.isEmpty()) {
      throw new IllegalArgumentException("a platform needs at least one layer");
    }
    platform(platform, layers.get(0));
    Platform added = platforms.remove(platforms.size() - 1);
    platforms.add(
        new Platform(
            added.os(),
            added.architecture(),
            added.variant(),
            List.copyOf(layers),
            added.annotations()));
    return this;
  }

  /** Adds a platform whose layer holds these regular files. */
  public OciLayoutWriter platform(String platform, Map<String, byte[]> files) {
    return platform(platform, LayerFiles.of(files));
  }

  /** Adds a platform whose layer is the tree under {@code directory} (symbolic links kept). */
  public OciLayoutWriter platform(String platform, Path directory) throws IOException {
    return platform(platform, LayerFiles.fromDirectory(directory));
  }

  /** An annotation on every platform manifest, e.g. {@code org.opencontainers.image.version}. */
  public OciLayoutWriter manifestAnnotation(String key, String value) {
    manifestAnnotations.put(key, value);
    return this;
  }

  /** Lets the tag name the single platform's manifest directly, with no image index. */
  public OciLayoutWriter withoutIndex() {
    this.withIndex = false;
    return this;
  }

  public WrittenLayout write(Path directory) throws IOException {
    if (platforms.isEmpty()) {
      throw new IllegalStateException("add at least one platform before writing a layout");
    }
    if (!withIndex && platforms.size() != 1) {
      throw new IllegalStateException(
          "a layout without an index holds exactly one platform, not " + platforms.size());
    }
    Path blobs = Files.createDirectories(directory.resolve("blobs").resolve("sha256"));

    List<WrittenManifest> manifests = new ArrayList<>();
    ArrayNode descriptors = JSON.createArrayNode();
    for (Platform platform : platforms) {
      WrittenManifest manifest = writeManifest(blobs, platform);
      manifests.add(manifest);
      ObjectNode descriptor =
          descriptor(MediaTypes.OCI_MANIFEST, manifest.digest(), manifest.size());
      ObjectNode platformNode = descriptor.putObject("platform");
      platformNode.put("architecture", platform.architecture());
      platformNode.put("os", platform.os());
      if (!platform.variant().isEmpty()) {
        platformNode.put("variant", platform.variant());
      }
      if (!platform.annotations().isEmpty()) {
        putAll(descriptor.putObject("annotations"), platform.annotations());
      }
      descriptors.add(descriptor);
    }

    String rootMediaType;
    byte[] rootBytes;
    if (withIndex) {
      ObjectNode index = JSON.createObjectNode();
      index.put("schemaVersion", 2);
      index.put("mediaType", MediaTypes.OCI_INDEX);
      index.set("manifests", descriptors);
      rootMediaType = MediaTypes.OCI_INDEX;
      rootBytes = writeBlob(blobs, JSON.writeValueAsBytes(index));
    } else {
      rootMediaType = MediaTypes.OCI_MANIFEST;
      rootBytes = manifests.get(0).bytes();
    }
    String rootDigest = Sha256.digest(rootBytes);

    writeIndexJson(directory, descriptor(rootMediaType, rootDigest, rootBytes.length));
    Files.writeString(
        directory.resolve("oci-layout"),
        "{\"imageLayoutVersion\":\"1.0.0\"}",
        StandardCharsets.UTF_8);
    return new WrittenLayout(
        directory, tag, rootDigest, rootMediaType, rootBytes, List.copyOf(manifests));
  }

  private WrittenManifest writeManifest(Path blobs, Platform platform) throws IOException {
    List<byte[]> tars = new ArrayList<>();
    List<byte[]> layers = new ArrayList<>();
    for (LayerFiles files : platform.layers()) {
      byte[] tar = TarGzipLayer.tar(files);
      tars.add(tar);
      layers.add(writeBlob(blobs, TarGzipLayer.gzip(tar)));
    }
    List<String> layerDigests = new ArrayList<>();
    layers.forEach(l -> layerDigests.add(Sha256.digest(l)));
    byte[] layer = layers.get(0);
    String layerDigest = layerDigests.get(0);

    ObjectNode config = JSON.createObjectNode();
    String configMediaType;
    String layerMediaType;
    if (form == ManifestForm.OCIPKG_V1) {
      ObjectNode filesByLayer = config.putObject("layers");
      for (int i = 0; i < layers.size(); i++) {
        ArrayNode files = filesByLayer.putArray(layerDigests.get(i));
        platform.layers().get(i).names().forEach(files::add);
      }
      configMediaType = MediaTypes.OCIPKG_CONFIG;
      layerMediaType = MediaTypes.OCIPKG_LAYER_TAR_GZIP;
    } else {
      config.put("architecture", platform.architecture());
      config.put("os", platform.os());
      if (!platform.variant().isEmpty()) {
        config.put("variant", platform.variant());
      }
      config.putObject("config");
      ObjectNode rootfs = config.putObject("rootfs");
      rootfs.put("type", "layers");
      ArrayNode diffIds = rootfs.putArray("diff_ids");
      tars.forEach(tar -> diffIds.add(Sha256.digest(tar)));
      configMediaType = MediaTypes.OCI_IMAGE_CONFIG;
      layerMediaType = MediaTypes.OCI_LAYER_TAR_GZIP;
    }
    byte[] configBytes = writeBlob(blobs, JSON.writeValueAsBytes(config));

    ObjectNode manifest = JSON.createObjectNode();
    manifest.put("schemaVersion", 2);
    manifest.put("mediaType", MediaTypes.OCI_MANIFEST);
    if (form == ManifestForm.OCIPKG_V1) {
      manifest.put("artifactType", MediaTypes.OCIPKG_ARTIFACT);
    }
    manifest.set(
        "config", descriptor(configMediaType, Sha256.digest(configBytes), configBytes.length));
    ArrayNode layerDescriptors = manifest.putArray("layers");
    for (int i = 0; i < layers.size(); i++) {
      layerDescriptors.add(descriptor(layerMediaType, layerDigests.get(i), layers.get(i).length));
    }
    if (!manifestAnnotations.isEmpty()) {
      putAll(manifest.putObject("annotations"), manifestAnnotations);
    }
    byte[] manifestBytes = writeBlob(blobs, JSON.writeValueAsBytes(manifest));
    return new WrittenManifest(
        platform.text(),
        Sha256.digest(manifestBytes),
        manifestBytes,
        configMediaType,
        Sha256.digest(configBytes),
        configBytes,
        layerMediaType,
        layerDigest,
        layer,
        platform.files().names(),
        List.copyOf(layerDigests));
  }

  /** Adds the tag to {@code index.json}, keeping other tags of an existing layout. */
  private void writeIndexJson(Path directory, ObjectNode root) throws IOException {
    putAll(root.putObject("annotations"), Map.of(MediaTypes.REF_NAME_ANNOTATION, tag));
    ArrayNode manifests = JSON.createArrayNode();
    Path indexJson = directory.resolve("index.json");
    if (Files.exists(indexJson)) {
      for (JsonNode existing : JSON.readTree(indexJson.toFile()).path("manifests")) {
        if (!tag.equals(
            existing.path("annotations").path(MediaTypes.REF_NAME_ANNOTATION).asText(null))) {
          manifests.add(existing);
        }
      }
    }
    manifests.add(root);
    ObjectNode index = JSON.createObjectNode();
    index.put("schemaVersion", 2);
    index.put("mediaType", MediaTypes.OCI_INDEX);
    index.set("manifests", manifests);
    Files.write(indexJson, JSON.writeValueAsBytes(index));
  }

  private static ObjectNode descriptor(String mediaType, String digest, long size) {
    ObjectNode descriptor = JSON.createObjectNode();
    descriptor.put("mediaType", mediaType);
    descriptor.put("digest", digest);
    descriptor.put("size", size);
    return descriptor;
  }

  private static void putAll(ObjectNode node, Map<String, String> values) {
    values.forEach(node::put);
  }

  private static byte[] writeBlob(Path blobs, byte[] content) throws IOException {
    Files.write(blobs.resolve(Sha256.hex(Sha256.digest(content))), content);
    return content;
  }
}
