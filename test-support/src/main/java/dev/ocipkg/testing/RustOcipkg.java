package dev.ocipkg.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorInputStream;

/**
 * The Rust ocipkg (termoshtt/ocipkg, the project's seed) as an independent reader and writer,
 * re-implemented from its source for interoperability tests; its rules, not ours:
 *
 * <ul>
 *   <li>a layout ({@code oci-dir} or {@code oci-archive}) holds one image: {@code index.json} must
 *       have exactly one entry, whose {@code org.opencontainers.image.ref.name} is the full image
 *       name ({@code get_name_from_index}); the first entry is read as an <em>image manifest</em>,
 *       whatever its media type ({@code get_manifest});
 *   <li>a registry is asked {@code GET /v2/NAME/manifests/REF} with exactly {@value #ACCEPT} as
 *       Accept, and the answer is parsed as an image manifest ({@code Client::get_manifest});
 *   <li>a manifest with {@code artifactType} {@value #ARTIFACT} is v1: its layers must be {@value
 *       #LAYER}, gunzipped and untarred; otherwise v0: plain image layers ({@code
 *       Artifact::unpack}).
 * </ul>
 *
 * <p>What it writes ({@link #writeArchive}) has the Rust code's exact shape: {@code index.json}
 * without {@code mediaType}, one entry with the full name, a manifest without {@code mediaType}.
 */
public final class RustOcipkg {
  /** The Accept header of the Rust ocipkg's manifest GET: no index types. */
  public static final String ACCEPT =
      "application/vnd.docker.distribution.manifest.v2+json,"
          + " application/vnd.oci.image.manifest.v1+json";

  public static final String ARTIFACT = "application/vnd.ocipkg.v1.artifact";
  public static final String CONFIG = "application/vnd.ocipkg.v1.config+json";
  public static final String LAYER = "application/vnd.ocipkg.v1.layer.tar+gzip";
  private static final String REF_NAME = "org.opencontainers.image.ref.name";

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final java.nio.charset.Charset UTF8 = StandardCharsets.UTF_8;

  /** What the Rust ocipkg read: the image name (from a layout) and the files it unpacked. */
  public record Read(String imageName, Map<String, byte[]> files) {}

  private interface Blobs {
    byte[] get(String digest) throws IOException;
  }

  private RustOcipkg() {}

  /** Reads an {@code oci-dir} layout as {@code OciDir} does. */
  public static Read readLayout(Path dir) throws IOException {
    JsonNode layout = JSON.readTree(Files.readAllBytes(dir.resolve("oci-layout")));
    if (!"1.0.0".equals(layout.path("imageLayoutVersion").asText())) {
      throw new IOException("Incompatible oci-layout version in " + dir);
    }
    byte[] index = Files.readAllBytes(dir.resolve("index.json"));
    return readIndexJson(index, digest -> Files.readAllBytes(dir.resolve(blobPath(digest))));
  }

  /** Reads an {@code oci-archive} as {@code OciArchive} does. */
  public static Read readArchive(Path archive) throws IOException {
    Map<String, byte[]> entries = new HashMap<>();
    try (InputStream in = Files.newInputStream(archive);
        TarArchiveInputStream tar = new TarArchiveInputStream(in)) {
      TarArchiveEntry entry;
      while ((entry = tar.getNextEntry()) != null) {
        if (entry.isFile()) {
          entries.put(entry.getName(), tar.readAllBytes());
        }
      }
    }
    byte[] index = entries.get("index.json");
    if (index == null) {
      throw new IOException("Missing index.json");
    }
    return readIndexJson(
        index,
        digest -> {
          byte[] blob = entries.get(blobPath(digest));
          if (blob == null) {
            throw new IOException("Missing blob: " + digest);
          }
          return blob;
        });
  }

  /**
   * Pulls {@code repository:reference} from the plain-http registry at {@code baseUri} as {@code
   * Remote} does, and unpacks it.
   */
  public static Read pull(URI baseUri, String repository, String reference) throws IOException {
    HttpClient http = HttpClient.newHttpClient();
    byte[] manifest =
        get(
            http,
            baseUri.resolve("/v2/" + repository + "/manifests/" + reference),
            ACCEPT,
            repository + ":" + reference);
    return new Read(
        repository + ":" + reference,
        unpack(
            manifest,
            digest ->
                get(
                    http,
                    baseUri.resolve("/v2/" + repository + "/blobs/" + digest),
                    null,
                    digest)));
  }

  private static byte[] get(HttpClient http, URI uri, String accept, String what)
      throws IOException {
    HttpRequest.Builder request = HttpRequest.newBuilder(uri).GET();
    if (accept != null) {
      request.header("Accept", accept);
    }
    try {
      HttpResponse<byte[]> response =
          http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
      if (response.statusCode() != 200) {
        throw new IOException(
            "GET "
                + uri
                + " ("
                + what
                + "): HTTP "
                + response.statusCode()
                + " "
                + new String(response.body(), StandardCharsets.UTF_8));
      }
      return response.body();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted", e);
    }
  }

  private static Read readIndexJson(byte[] indexJson, Blobs blobs) throws IOException {
    JsonNode manifests = JSON.readTree(indexJson).path("manifests");
    if (manifests.size() != 1) {
      throw new IOException("Multiple manifests in a index.json, it is not allowed in ocipkg.");
    }
    JsonNode first = manifests.get(0);
    String name = first.path("annotations").path(REF_NAME).asText(null);
    if (name == null) {
      throw new IOException(REF_NAME + " is not found in manifest annotation");
    }
    if (name.indexOf('/') < 0) {
      // ImageName::parse of a bare tag gives registry-1.docker.io/<tag>:latest: not the name.
      throw new IOException("ref.name \"" + name + "\" is not a full image name HOST/NAME:TAG");
    }
    return new Read(name, unpack(blobs.get(first.path("digest").asText()), blobs));
  }

  private static Map<String, byte[]> unpack(byte[] manifestBytes, Blobs blobs) throws IOException {
    JsonNode manifest = JSON.readTree(manifestBytes);
    // oci_spec's ImageManifest needs schemaVersion, config and layers: an index is refused here.
    if (!manifest.has("schemaVersion") || !manifest.has("config") || !manifest.has("layers")) {
      throw new IOException("not an image manifest: " + new String(manifestBytes, UTF8));
    }
    boolean v1 = ARTIFACT.equals(manifest.path("artifactType").asText(null));
    Map<String, byte[]> files = new TreeMap<>();
    for (JsonNode layer : manifest.path("layers")) {
      String type = layer.path("mediaType").asText();
      boolean gzip;
      if (v1) {
        if (!LAYER.equals(type)) {
          throw new IOException("Unsupported layer type: " + type);
        }
        gzip = true;
      } else if (type.equals("application/vnd.oci.image.layer.v1.tar")) {
        gzip = false;
      } else if (type.equals("application/vnd.oci.image.layer.v1.tar+gzip")) {
        gzip = true;
      } else {
        throw new IOException("Unsupported layer type: " + type);
      }
      byte[] blob = blobs.get(layer.path("digest").asText());
      InputStream in = new ByteArrayInputStream(blob);
      try (TarArchiveInputStream tar =
          new TarArchiveInputStream(gzip ? new GzipCompressorInputStream(in) : in)) {
        TarArchiveEntry entry;
        while ((entry = tar.getNextEntry()) != null) {
          if (entry.isFile()) {
            files.put(entry.getName(), tar.readAllBytes());
          } else if (entry.isSymbolicLink()) {
            files.put(entry.getName(), ("-> " + entry.getLinkName()).getBytes(UTF8));
          }
        }
      }
    }
    return files;
  }

  /**
   * Writes an {@code oci-archive} as {@code ocipkg::image::Builder} does: one tar+gzip layer of
   * {@code files}, the ocipkg config naming them, and {@code index.json} with one entry named
   * {@code imageName} (e.g. {@code localhost:5000/x:1.0}).
   */
  public static void writeArchive(Path archive, String imageName, Map<String, byte[]> files)
      throws IOException {
    Map<String, byte[]> blobs = new LinkedHashMap<>();
    LayerFiles.Builder layerFiles = LayerFiles.builder();
    files.forEach(layerFiles::file);
    byte[] layer = TarGzipLayer.gzip(TarGzipLayer.tar(layerFiles.build()));
    String layerDigest = Sha256.digest(layer);
    blobs.put(layerDigest, layer);
    byte[] empty = "{}".getBytes(UTF8);
    blobs.put(Sha256.digest(empty), empty);

    ObjectNode config = JSON.createObjectNode();
    ArrayNode names = config.putObject("layers").putArray(layerDigest);
    files.keySet().forEach(names::add);
    byte[] configBytes = JSON.writeValueAsBytes(config);
    blobs.put(Sha256.digest(configBytes), configBytes);

    ObjectNode manifest = JSON.createObjectNode();
    manifest.put("schemaVersion", 2);
    manifest.put("artifactType", ARTIFACT);
    manifest.set("config", descriptor(CONFIG, configBytes));
    manifest.putArray("layers").add(descriptor(LAYER, layer));
    byte[] manifestBytes = JSON.writeValueAsBytes(manifest);
    blobs.put(Sha256.digest(manifestBytes), manifestBytes);

    ObjectNode entry = descriptor("application/vnd.oci.image.manifest.v1+json", manifestBytes);
    entry.putObject("annotations").put(REF_NAME, imageName);
    ObjectNode index = JSON.createObjectNode();
    index.put("schemaVersion", 2);
    index.putArray("manifests").add(entry);

    try (TarArchiveOutputStream tar = new TarArchiveOutputStream(Files.newOutputStream(archive))) {
      for (Map.Entry<String, byte[]> blob : blobs.entrySet()) {
        add(tar, blobPath(blob.getKey()), blob.getValue());
      }
      add(tar, "index.json", JSON.writeValueAsBytes(index));
    }
  }

  private static void add(TarArchiveOutputStream tar, String name, byte[] content)
      throws IOException {
    TarArchiveEntry entry = new TarArchiveEntry(name);
    entry.setSize(content.length);
    entry.setMode(0644);
    tar.putArchiveEntry(entry);
    tar.write(content);
    tar.closeArchiveEntry();
  }

  private static ObjectNode descriptor(String mediaType, byte[] content) {
    ObjectNode d = JSON.createObjectNode();
    d.put("mediaType", mediaType);
    d.put("digest", Sha256.digest(content));
    d.put("size", content.length);
    return d;
  }

  private static String blobPath(String digest) {
    return "blobs/" + digest.replace(':', '/');
  }
}
