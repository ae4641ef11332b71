package dev.ocipkg.it;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ocipkg.testing.MediaTypes;
import dev.ocipkg.testing.Sha256;
import dev.ocipkg.testing.WrittenLayout;
import dev.ocipkg.testing.WrittenManifest;
import java.io.IOException;
import java.io.OutputStream;
import java.net.HttpURLConnection;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Indexes that {@link dev.ocipkg.testing.OciLayoutWriter} does not write, written into one of its
 * layouts and named by its tag: an index nested in an index, and entries without a platform (the
 * forms the Rust ocipkg and other tools write).
 */
final class IndexRewrites {
  private static final ObjectMapper JSON = new ObjectMapper();

  private IndexRewrites() {}

  /** An index entry: media type, digest, size and, where not null, {@code os/arch[/variant]}. */
  record Entry(String mediaType, String digest, long size, String platform) {
    static Entry manifest(WrittenManifest m, String platform) {
      return new Entry(MediaTypes.OCI_MANIFEST, m.digest(), m.size(), platform);
    }
  }

  /** The layout's platform manifests as index entries that carry no platform. */
  static Entry[] withoutPlatforms(WrittenLayout layout) {
    return layout.manifests().stream().map(m -> Entry.manifest(m, null)).toArray(Entry[]::new);
  }

  /** Writes an index of {@code entries} into the layout; returns its entry (no platform). */
  static Entry writeIndex(Path layout, Entry... entries) throws IOException {
    ObjectNode index = JSON.createObjectNode();
    index.put("schemaVersion", 2);
    index.put("mediaType", MediaTypes.OCI_INDEX);
    ArrayNode manifests = index.putArray("manifests");
    for (Entry e : entries) {
      ObjectNode d = manifests.addObject();
      d.put("mediaType", e.mediaType());
      d.put("digest", e.digest());
      d.put("size", e.size());
      if (e.platform() != null) {
        String[] parts = e.platform().split("/", -1);
        ObjectNode p = d.putObject("platform");
        p.put("architecture", parts[1]);
        p.put("os", parts[0]);
        if (parts.length == 3) {
          p.put("variant", parts[2]);
        }
      }
    }
    byte[] bytes = JSON.writeValueAsBytes(index);
    String digest = Sha256.digest(bytes);
    Files.write(
        layout.resolve("blobs/sha256").resolve(digest.substring("sha256:".length())), bytes);
    return new Entry(MediaTypes.OCI_INDEX, digest, bytes.length, null);
  }

  /** Lets {@code tag} name {@code root} in the layout's {@code index.json}, alone. */
  static void tag(Path layout, String tag, Entry root) throws IOException {
    ObjectNode d = JSON.createObjectNode();
    d.put("mediaType", root.mediaType());
    d.put("digest", root.digest());
    d.put("size", root.size());
    d.putObject("annotations").put(MediaTypes.REF_NAME_ANNOTATION, tag);
    ObjectNode index = JSON.createObjectNode();
    index.put("schemaVersion", 2);
    index.put("mediaType", MediaTypes.OCI_INDEX);
    index.set("manifests", JSON.createArrayNode().add(d));
    Files.write(layout.resolve("index.json"), JSON.writeValueAsBytes(index));
  }

  /** The layout's root (its index or its one manifest) as an entry. */
  static Entry root(WrittenLayout layout) {
    return new Entry(layout.rootMediaType(), layout.rootDigest(), layout.rootBytes().length, null);
  }

  /** Nests the layout's root {@code depth} times, each index holding only the one below. */
  static Entry nest(WrittenLayout layout, int depth) throws IOException {
    Entry entry = root(layout);
    for (int i = 0; i < depth; i++) {
      entry = writeIndex(layout.directory(), entry);
    }
    return entry;
  }

  /**
   * PUTs an index of the layout to {@code repository:tag} of an anonymous registry. skopeo refuses
   * to copy an index that holds an index ("Unexpectedly received a manifest list instead of a
   * manifest for a single image"), so the outer one goes up by hand, after skopeo pushed the rest.
   */
  static void putIndex(URI registry, String repository, String tag, Path layout, Entry index)
      throws IOException {
    byte[] bytes =
        Files.readAllBytes(layout.resolve("blobs/sha256").resolve(index.digest().substring(7)));
    HttpURLConnection put =
        (HttpURLConnection)
            registry.resolve("/v2/" + repository + "/manifests/" + tag).toURL().openConnection();
    put.setRequestMethod("PUT");
    put.setRequestProperty("Content-Type", MediaTypes.OCI_INDEX);
    put.setDoOutput(true);
    try (OutputStream body = put.getOutputStream()) {
      body.write(bytes);
    }
    if (put.getResponseCode() != 201) {
      throw new IOException("PUT of the index answered " + put.getResponseCode());
    }
  }
}
