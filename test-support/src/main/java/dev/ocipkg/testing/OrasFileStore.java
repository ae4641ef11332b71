package dev.ocipkg.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorInputStream;

/**
 * What {@code oras pull --platform P} writes from an OCI layout, by the rules of oras-go's file
 * store (there is no {@code oras} binary here): a layer without {@code
 * org.opencontainers.image.title} is not written at all; a layer with a title is the file of that
 * name, or, with {@code io.deis.oras.content.unpack: true}, a tar+gzip unpacked into the directory
 * of that name, each entry required to lie under the title ({@code filepath.Rel(title, name)} not
 * leading up with {@code ..}); a title that leaves the output folder is refused; two layers of one
 * name are a duplicate-name error.
 */
public final class OrasFileStore {
  static final String TITLE = "org.opencontainers.image.title";
  static final String UNPACK = "io.deis.oras.content.unpack";
  private static final ObjectMapper JSON = new ObjectMapper();

  private OrasFileStore() {}

  /**
   * Pulls the image named {@code refName} in the layout {@code layout} (an index: its {@code
   * platform} entry) into {@code out}; returns the paths written, relative to {@code out}, sorted.
   */
  public static List<String> pull(Path layout, String refName, String platform, Path out)
      throws IOException {
    JsonNode root = null;
    for (JsonNode d : JSON.readTree(layout.resolve("index.json").toFile()).path("manifests")) {
      if (refName.equals(
          d.path("annotations").path("org.opencontainers.image.ref.name").asText())) {
        root = JSON.readTree(blob(layout, d.path("digest").asText()));
      }
    }
    if (root == null) {
      throw new IOException(refName + ": not found");
    }
    JsonNode manifest = root;
    if (root.has("manifests")) {
      manifest = null;
      for (JsonNode d : root.path("manifests")) {
        String p = d.at("/platform/os").asText() + "/" + d.at("/platform/architecture").asText();
        if (p.equals(platform)) {
          manifest = JSON.readTree(blob(layout, d.path("digest").asText()));
        }
      }
      if (manifest == null) {
        throw new IOException("no matching manifest was found in the manifest list: " + platform);
      }
    }
    List<String> written = new ArrayList<>();
    List<String> names = new ArrayList<>();
    for (JsonNode layer : manifest.path("layers")) {
      String title = layer.path("annotations").path(TITLE).asText(null);
      if (title == null) {
        continue;
      }
      if (names.contains(title)) {
        throw new IOException("duplicate name: " + title);
      }
      names.add(title);
      Path target = out.resolve(title).normalize();
      if (!target.startsWith(out.normalize())) {
        throw new IOException("path traversal disallowed: " + title);
      }
      byte[] content = blob(layout, layer.path("digest").asText());
      if ("true".equals(layer.path("annotations").path(UNPACK).asText())) {
        Files.createDirectories(target);
        untar(content, title, target, out, written);
      } else {
        Files.createDirectories(target.getParent());
        Files.write(target, content);
        written.add(out.relativize(target).toString());
      }
    }
    written.sort(null);
    return written;
  }

  private static void untar(byte[] tarGzip, String title, Path dir, Path out, List<String> written)
      throws IOException {
    try (InputStream in = new GzipCompressorInputStream(new java.io.ByteArrayInputStream(tarGzip));
        TarArchiveInputStream tar = new TarArchiveInputStream(in)) {
      for (TarArchiveEntry e = tar.getNextEntry(); e != null; e = tar.getNextEntry()) {
        Path relative = Path.of(title).relativize(Path.of(e.getName())).normalize();
        if (Path.of(title).normalize().toString().isEmpty()) {
          relative = Path.of(e.getName()).normalize();
        }
        if (relative.startsWith("..")) {
          throw new IOException("\"" + e.getName() + "\" is outside of \"" + title + "\"");
        }
        Path path = dir.resolve(relative);
        if (e.isDirectory()) {
          Files.createDirectories(path);
        } else if (e.isSymbolicLink()) {
          Files.createDirectories(path.getParent());
          Files.createSymbolicLink(path, Path.of(e.getLinkName()));
          written.add(out.relativize(path).toString());
        } else {
          Files.createDirectories(path.getParent());
          Files.write(path, tar.readAllBytes());
          written.add(out.relativize(path).toString());
        }
      }
    }
  }

  private static byte[] blob(Path layout, String digest) throws IOException {
    return Files.readAllBytes(layout.resolve("blobs").resolve(digest.replace(':', '/')));
  }
}
