package dev.ocipkg.tools.layout;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ocipkg.Digest;
import dev.ocipkg.Platform;
import dev.ocipkg.internal.oci.Descriptor;
import dev.ocipkg.internal.oci.MediaTypes;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Writes the OCI JSON that publishing produces, the counterpart of {@code OciJson}'s parsers.
 * Compact, UTF-8, and every object's fields in one fixed order (Jackson's tree keeps insertion
 * order), so that the same content always gives the same bytes and so the same digest.
 */
public final class OciJsonWriter {
  private static final ObjectMapper JSON = JsonMapper.builder().build();

  private OciJsonWriter() {}

  /**
   * An image index: {@code schemaVersion, mediaType, manifests, annotations} (annotations left out
   * when empty).
   */
  public static byte[] index(List<Descriptor> manifests, Map<String, String> annotations) {
    ObjectNode root = JSON.createObjectNode();
    root.put("schemaVersion", 2);
    root.put("mediaType", MediaTypes.OCI_INDEX);
    ArrayNode list = root.putArray("manifests");
    manifests.forEach(d -> list.add(descriptor(d)));
    putAnnotations(root, annotations);
    return bytes(root);
  }

  /**
   * An image manifest: {@code schemaVersion, mediaType, artifactType, config, layers, annotations}.
   */
  public static byte[] manifest(
      @Nullable String artifactType,
      Descriptor config,
      List<Descriptor> layers,
      Map<String, String> annotations) {
    ObjectNode root = JSON.createObjectNode();
    root.put("schemaVersion", 2);
    root.put("mediaType", MediaTypes.OCI_MANIFEST);
    if (artifactType != null) {
      root.put("artifactType", artifactType);
    }
    root.set("config", descriptor(config));
    ArrayNode list = root.putArray("layers");
    layers.forEach(d -> list.add(descriptor(d)));
    putAnnotations(root, annotations);
    return bytes(root);
  }

  /** The ocipkg v1 config: {@code {"layers":{"sha256:…":["libfoo.so",…]}}}. */
  public static byte[] ocipkgConfig(Map<Digest, List<String>> filesByLayer) {
    ObjectNode root = JSON.createObjectNode();
    ObjectNode layers = root.putObject("layers");
    filesByLayer.forEach(
        (digest, files) -> {
          ArrayNode names = layers.putArray(digest.toString());
          files.forEach(names::add);
        });
    return bytes(root);
  }

  /** The {@code oci-layout} file of an image layout. */
  public static byte[] ociLayoutFile() {
    return "{\"imageLayoutVersion\":\"1.0.0\"}".getBytes(StandardCharsets.UTF_8);
  }

  /**
   * A descriptor: {@code mediaType, artifactType, digest, size, platform, annotations}; the
   * optional ones only where set. Platform fields in the spec's order: {@code architecture, os,
   * variant}.
   */
  public static ObjectNode descriptor(Descriptor d) {
    ObjectNode node = JSON.createObjectNode();
    node.put("mediaType", d.mediaType());
    if (d.artifactType() != null) {
      node.put("artifactType", d.artifactType());
    }
    node.put("digest", d.digest().toString());
    node.put("size", d.size());
    if (!d.urls().isEmpty()) {
      ArrayNode urls = node.putArray("urls");
      d.urls().forEach(urls::add);
    }
    Platform platform = d.platform();
    if (platform != null) {
      ObjectNode p = node.putObject("platform");
      p.put("architecture", platform.architecture());
      p.put("os", platform.os());
      if (platform.variant() != null) {
        p.put("variant", platform.variant());
      }
    }
    putAnnotations(node, d.annotations());
    return node;
  }

  /** Compact UTF-8 bytes of a tree. */
  public static byte[] bytes(ObjectNode node) {
    try {
      return JSON.writeValueAsBytes(node);
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException("cannot write JSON of a tree", e);
    }
  }

  /** A new empty object node, for callers that assemble JSON of their own. */
  public static ObjectNode object() {
    return JSON.createObjectNode();
  }

  private static void putAnnotations(ObjectNode node, Map<String, String> annotations) {
    if (!annotations.isEmpty()) {
      ObjectNode a = node.putObject("annotations");
      annotations.forEach(a::put);
    }
  }
}
