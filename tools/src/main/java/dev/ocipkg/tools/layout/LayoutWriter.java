package dev.ocipkg.tools.layout;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ocipkg.Digest;
import dev.ocipkg.internal.oci.Annotations;
import dev.ocipkg.internal.oci.Descriptor;
import dev.ocipkg.internal.oci.MediaTypes;
import dev.ocipkg.internal.store.UmaskTempFiles;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Writes into an OCI image layout folder: content-addressed blobs under {@code blobs/sha256/}, the
 * {@code oci-layout} marker, and tags in {@code index.json}. A blob appears by rename once
 * complete, and is never rewritten; a tag replaces the entry of the same name and keeps the others,
 * as skopeo does.
 */
public final class LayoutWriter {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final Path directory;

  private LayoutWriter(Path directory) {
    this.directory = directory;
  }

  /**
   * Opens {@code directory} for writing, creating it and its layout files if missing.
   *
   * @throws PackInputException if the folder exists, is not empty, and is not an OCI layout
   */
  public static LayoutWriter open(Path directory) throws IOException {
    if (Files.exists(directory) && !Files.isDirectory(directory)) {
      throw new PackInputException(directory + " exists and is not a folder");
    }
    if (Files.isDirectory(directory)
        && !Files.exists(directory.resolve("oci-layout"))
        && !isEmpty(directory)) {
      throw new PackInputException(
          directory + " is neither empty nor an OCI image layout; choose another folder");
    }
    Files.createDirectories(directory.resolve("blobs").resolve("sha256"));
    Path marker = directory.resolve("oci-layout");
    if (!Files.exists(marker)) {
      Files.write(marker, OciJsonWriter.ociLayoutFile());
    }
    return new LayoutWriter(directory);
  }

  private static boolean isEmpty(Path dir) throws IOException {
    try (Stream<Path> entries = Files.list(dir)) {
      return entries.findAny().isEmpty();
    }
  }

  public Path directory() {
    return directory;
  }

  /** Where blob {@code digest} lives in this layout. */
  public Path blobPath(Digest digest) {
    return directory.resolve("blobs").resolve(digest.algorithm()).resolve(digest.hex());
  }

  public boolean hasBlob(Digest digest) {
    return Files.isRegularFile(blobPath(digest));
  }

  /** Writes {@code bytes} as a blob (unless the layout has it) and describes it. */
  public Descriptor writeBlob(String mediaType, byte[] bytes) throws IOException {
    return writeBlob(mediaType, out -> out.write(bytes));
  }

  /** What writes a blob's bytes. */
  @FunctionalInterface
  public interface BlobContent {
    void writeTo(OutputStream out) throws IOException;
  }

  /**
   * Streams a blob through a sha256 digest into a temp file of the layout, then renames it into
   * place (or drops it, where the layout already has those bytes).
   */
  public Descriptor writeBlob(String mediaType, BlobContent content) throws IOException {
    Path temp = newTempFile();
    try {
      MessageDigest sha256 = sha256();
      long size;
      try (OutputStream file = Files.newOutputStream(temp);
          DigestOutputStream out = new DigestOutputStream(file, sha256)) {
        content.writeTo(out);
        out.flush();
        size = Files.size(temp);
      }
      Digest digest = Digest.of("sha256", sha256.digest());
      publishBlob(temp, digest);
      return Descriptor.of(mediaType, digest, size);
    } finally {
      Files.deleteIfExists(temp);
    }
  }

  private static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException("the JDK lacks SHA-256", e);
    }
  }

  /** A temp file in this layout's folder (so that a rename into {@code blobs/} is atomic). */
  public Path newTempFile() throws IOException {
    return UmaskTempFiles.createFile(directory.resolve("blobs"), ".ocipkg-", ".part");
  }

  /** Moves a complete, verified temp file into place as blob {@code digest}. */
  public void publishBlob(Path verifiedTemp, Digest digest) throws IOException {
    Path target = blobPath(digest);
    Files.createDirectories(target.getParent());
    if (Files.exists(target)) {
      Files.delete(verifiedTemp);
      return;
    }
    try {
      Files.move(verifiedTemp, target, StandardCopyOption.ATOMIC_MOVE);
    } catch (FileAlreadyExistsException e) {
      Files.deleteIfExists(verifiedTemp);
    }
  }

  /** The ref names of {@code index.json}, in its order; none for a new layout. */
  public java.util.List<String> refNames() throws IOException {
    Path indexJson = directory.resolve("index.json");
    java.util.List<String> names = new java.util.ArrayList<>();
    if (Files.exists(indexJson)) {
      for (JsonNode existing : JSON.readTree(indexJson.toFile()).path("manifests")) {
        names.add(existing.path("annotations").path(Annotations.REF_NAME).asText(""));
      }
    }
    return names;
  }

  /**
   * Names {@code root} (an index or manifest blob of this layout) {@code tag} in {@code
   * index.json}: an entry of the same tag is replaced, others are kept in their order.
   */
  public void tag(String tag, Descriptor root) throws IOException {
    Path indexJson = directory.resolve("index.json");
    ArrayNode manifests = JSON.createArrayNode();
    if (Files.exists(indexJson)) {
      for (JsonNode existing : JSON.readTree(indexJson.toFile()).path("manifests")) {
        if (!tag.equals(existing.path("annotations").path(Annotations.REF_NAME).asText(null))) {
          manifests.add(existing);
        }
      }
    }
    manifests.add(
        OciJsonWriter.descriptor(
            new Descriptor(
                root.mediaType(),
                root.digest(),
                root.size(),
                null,
                Map.of(Annotations.REF_NAME, tag),
                null,
                java.util.List.of())));
    ObjectNode index = OciJsonWriter.object();
    index.put("schemaVersion", 2);
    index.put("mediaType", MediaTypes.OCI_INDEX);
    index.set("manifests", manifests);
    Path temp = newTempFile();
    try {
      Files.write(temp, OciJsonWriter.bytes(index));
      Files.move(
          temp, indexJson, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } finally {
      Files.deleteIfExists(temp);
    }
  }
}
