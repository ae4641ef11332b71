package dev.ocipkg.tools.inspect;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ocipkg.Digest;
import dev.ocipkg.Platform;
import dev.ocipkg.tools.layout.OciJsonWriter;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * What {@link ImageInspector} found: the image (index or single manifest), each platform's
 * manifest, and each layer with the files that the ocipkg config (or an ORAS title) names.
 *
 * @param reference the reference as inspected
 * @param digest the digest of the index or manifest
 * @param mediaType its media type
 * @param size its size in bytes
 * @param annotations its annotations
 * @param manifests the platform manifests, in index order; one, without platform, for a single
 *     manifest
 */
public record ImageDescription(
    String reference,
    Digest digest,
    String mediaType,
    long size,
    Map<String, String> annotations,
    List<Manifest> manifests) {
  public ImageDescription {
    annotations = copy(annotations);
    manifests = List.copyOf(manifests);
  }

  /**
   * One platform's manifest.
   *
   * @param platform the index entry's platform, or null
   * @param entryAnnotations the index entry's annotations (e.g. {@code dev.ocipkg.libc})
   * @param artifactType the manifest's {@code artifactType}, or null
   */
  public record Manifest(
      @Nullable Platform platform,
      Map<String, String> entryAnnotations,
      Digest digest,
      String mediaType,
      long size,
      @Nullable String artifactType,
      Map<String, String> annotations,
      Blob config,
      List<Layer> layers) {
    public Manifest {
      entryAnnotations = copy(entryAnnotations);
      annotations = copy(annotations);
      layers = List.copyOf(layers);
    }

    /** The manifest and its blobs, in bytes. */
    public long totalSize() {
      long total = size + config.size();
      for (Layer layer : layers) {
        total += layer.blob().size();
      }
      return total;
    }
  }

  /** A config or layer blob. */
  public record Blob(Digest digest, String mediaType, long size) {}

  /**
   * A layer.
   *
   * @param files the files the ocipkg config lists for it, or its ORAS title; empty where neither
   *     says
   */
  public record Layer(Blob blob, Map<String, String> annotations, List<String> files) {
    public Layer {
      annotations = copy(annotations);
      files = List.copyOf(files);
    }
  }

  /** The description as JSON for scripts, fields in a fixed order. */
  public byte[] toJson() {
    ObjectNode root = OciJsonWriter.object();
    root.put("reference", reference);
    root.put("digest", digest.toString());
    root.put("mediaType", mediaType);
    root.put("size", size);
    putMap(root, "annotations", annotations);
    ArrayNode list = root.putArray("manifests");
    for (Manifest m : manifests) {
      ObjectNode node = list.addObject();
      if (m.platform() != null) {
        node.put("platform", m.platform().toString());
      }
      putMap(node, "entryAnnotations", m.entryAnnotations());
      node.put("digest", m.digest().toString());
      node.put("mediaType", m.mediaType());
      node.put("size", m.size());
      if (m.artifactType() != null) {
        node.put("artifactType", m.artifactType());
      }
      putMap(node, "annotations", m.annotations());
      node.set("config", blob(m.config()));
      ArrayNode layers = node.putArray("layers");
      for (Layer layer : m.layers()) {
        ObjectNode l = blob(layer.blob());
        putMap(l, "annotations", layer.annotations());
        ArrayNode files = l.putArray("files");
        layer.files().forEach(files::add);
        layers.add(l);
      }
    }
    return OciJsonWriter.bytes(root);
  }

  private static ObjectNode blob(Blob blob) {
    ObjectNode node = OciJsonWriter.object();
    node.put("digest", blob.digest().toString());
    node.put("mediaType", blob.mediaType());
    node.put("size", blob.size());
    return node;
  }

  private static void putMap(ObjectNode node, String field, Map<String, String> map) {
    ObjectNode object = node.putObject(field);
    map.forEach(object::put);
  }

  private static Map<String, String> copy(Map<String, String> map) {
    return Collections.unmodifiableMap(new LinkedHashMap<>(map));
  }
}
