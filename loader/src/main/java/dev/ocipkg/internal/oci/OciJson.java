package dev.ocipkg.internal.oci;

import dev.ocipkg.Digest;
import dev.ocipkg.Platform;
import dev.ocipkg.internal.io.JsonValue;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Parsers for OCI JSON: image indexes, image manifests (OCI and Docker v2) and the ocipkg config.
 *
 * <p>They read a tree of {@link JsonValue}s (the loader's own strict reader, no library), never
 * bind by reflection, and check what they use: {@code schemaVersion} 2, required fields present
 * with the right JSON types, digests valid, sizes non-negative. Unknown fields are ignored; an
 * optional field that is JSON {@code null} counts as absent. Duplicate keys are refused, since two
 * readers that keep different duplicates would see different content under the same digest. Each
 * error names {@code where} the JSON came from (for example {@code manifest sha256:… from
 * ghcr.io/acme/libfoo}), the field, and quotes the value.
 *
 * <p>Size limits are the caller's: read at most {@link #MAX_MANIFEST_BYTES} before calling.
 */
public final class OciJson {
  /** The most that a caller should read of a manifest or index before parsing it. */
  public static final int MAX_MANIFEST_BYTES = 4 * 1024 * 1024;

  private OciJson() {}

  /**
   * Parses a manifest request's body, an index or a manifest. The kind comes from the JSON's {@code
   * mediaType}; where the JSON has none, from {@code contentType}; where that says neither, from
   * the shape ({@code manifests} or {@code layers}).
   *
   * @param contentType the response's Content-Type, parameters allowed, or null
   * @throws OciFormatException if the JSON is not a schema 2 index or manifest (Docker schema 1 is
   *     refused), or breaks the rules in the class comment
   */
  public static ManifestOrIndex parse(byte[] json, @Nullable String contentType, String where)
      throws OciFormatException {
    Reader reader = new Reader(where);
    JsonValue root = reader.root(json);
    if (MediaTypes.isDockerSchema1(contentType)) {
      throw reader.schema1();
    }
    reader.schemaVersion(root);
    String declared = reader.optionalString(root, "mediaType", "mediaType");
    if (declared != null) {
      if (MediaTypes.isIndex(declared)) {
        return reader.index(root, bare(declared));
      }
      if (MediaTypes.isManifest(declared)) {
        return reader.manifest(root, bare(declared));
      }
      throw reader.unsupportedMediaType(declared);
    }
    String served = MediaTypes.essence(contentType);
    if (served != null && MediaTypes.isIndex(served)) {
      return reader.index(root, served);
    }
    if (served != null && MediaTypes.isManifest(served)) {
      return reader.manifest(root, served);
    }
    if (root.has("manifests")) {
      return reader.index(root, MediaTypes.OCI_INDEX);
    }
    if (root.has("layers") || root.has("config")) {
      return reader.manifest(root, MediaTypes.OCI_MANIFEST);
    }
    throw reader.fail(
        "is neither an index nor a manifest: no mediaType, no \"manifests\" and no \"layers\""
            + (served == null ? "" : ", served as " + JsonValue.quote(served)));
  }

  /**
   * Parses an OCI image index, a Docker manifest list or an OCI layout's {@code index.json}.
   * Without a {@code mediaType} in the JSON, the result says {@value MediaTypes#OCI_INDEX}.
   *
   * @throws OciFormatException if the JSON is not an index or breaks the rules in the class comment
   */
  public static ImageIndex parseIndex(byte[] json, String where) throws OciFormatException {
    Reader reader = new Reader(where);
    JsonValue root = reader.root(json);
    reader.schemaVersion(root);
    String declared = reader.optionalString(root, "mediaType", "mediaType");
    if (declared != null && !MediaTypes.isIndex(declared)) {
      throw reader.fail("mediaType " + JsonValue.quote(declared) + " is not an image index");
    }
    return reader.index(root, declared == null ? MediaTypes.OCI_INDEX : bare(declared));
  }

  /**
   * Parses an OCI image manifest or a Docker v2 manifest. Without a {@code mediaType} in the JSON,
   * the result says {@value MediaTypes#OCI_MANIFEST}.
   *
   * @throws OciFormatException if the JSON is not a schema 2 manifest or breaks the rules in the
   *     class comment
   */
  public static ImageManifest parseManifest(byte[] json, String where) throws OciFormatException {
    Reader reader = new Reader(where);
    JsonValue root = reader.root(json);
    reader.schemaVersion(root);
    String declared = reader.optionalString(root, "mediaType", "mediaType");
    if (declared != null && !MediaTypes.isManifest(declared)) {
      throw reader.fail("mediaType " + JsonValue.quote(declared) + " is not an image manifest");
    }
    return reader.manifest(root, declared == null ? MediaTypes.OCI_MANIFEST : bare(declared));
  }

  /**
   * Parses an ocipkg v1 config, {@code {"layers":{"sha256:…":["libfoo.so",…]}}}. A config without
   * {@code layers} (the seed's v0 packages, the empty config {@code {}}) and an empty body give
   * {@link OcipkgConfig#EMPTY}.
   *
   * @throws OciFormatException if the JSON is not an object, or {@code layers} is not a map from
   *     digests to lists of file names
   */
  public static OcipkgConfig parseOcipkgConfig(byte[] json, String where)
      throws OciFormatException {
    if (json.length == 0) {
      return OcipkgConfig.EMPTY;
    }
    Reader reader = new Reader(where);
    JsonValue root = reader.root(json);
    JsonValue layers = root.get("layers");
    if (layers == null || layers.isNull()) {
      return OcipkgConfig.EMPTY;
    }
    reader.expect(layers, JsonKind.OBJECT, "layers");
    Map<Digest, List<String>> files = new LinkedHashMap<>();
    for (Map.Entry<String, JsonValue> entry : layers.properties()) {
      String path = "layers." + JsonValue.quote(entry.getKey());
      Digest digest = reader.digest(entry.getKey(), "layers key");
      List<String> names = reader.strings(entry.getValue(), path);
      for (int i = 0; i < names.size(); i++) {
        if (names.get(i).isEmpty()) {
          throw reader.fail(path + "[" + i + "] is an empty file name");
        }
      }
      files.put(digest, names);
    }
    return new OcipkgConfig(files);
  }

  /**
   * The platform that an image config ({@value MediaTypes#OCI_CONFIG} or Docker's) names in its
   * {@code os}, {@code architecture} and {@code variant}, or null where it names none (both {@code
   * os} and {@code architecture} are needed).
   *
   * @throws OciFormatException if the JSON is not an object, or those fields are not strings
   */
  public static @Nullable Platform parseConfigPlatform(byte[] json, String where)
      throws OciFormatException {
    Reader reader = new Reader(where);
    JsonValue root = reader.root(json);
    String os = reader.optionalString(root, "os", "os");
    String architecture = reader.optionalString(root, "architecture", "architecture");
    String variant = reader.optionalString(root, "variant", "variant");
    if (os == null || os.isBlank() || architecture == null || architecture.isBlank()) {
      return null;
    }
    return Platform.of(os, architecture, variant);
  }

  /**
   * The bare media type of one that {@link MediaTypes#isIndex} or {@link MediaTypes#isManifest}
   * accepted.
   */
  private static String bare(String mediaType) {
    return Objects.requireNonNull(MediaTypes.essence(mediaType));
  }

  private enum JsonKind {
    OBJECT("an object"),
    ARRAY("an array"),
    STRING("a string"),
    INTEGER("an integer");

    final String text;

    JsonKind(String text) {
      this.text = text;
    }

    boolean matches(JsonValue node) {
      switch (this) {
        case OBJECT:
          return node.isObject();
        case ARRAY:
          return node.isArray();
        case STRING:
          return node.isTextual();
        default:
          return node.isIntegralNumber();
      }
    }
  }

  /** One parse: knows where the JSON came from, so that every error can say so. */
  private static final class Reader {
    private final String where;

    Reader(String where) {
      this.where = where;
    }

    OciFormatException fail(String problem) {
      return new OciFormatException(where + ": " + problem);
    }

    OciFormatException schema1() {
      return fail(
          "Docker schema 1 manifests are not supported (deprecated since 2017);"
              + " push the image again with a current Docker, skopeo or ocipkg");
    }

    OciFormatException unsupportedMediaType(String mediaType) {
      String hint =
          MediaTypes.OCI_ARTIFACT_MANIFEST.equals(MediaTypes.essence(mediaType))
              ? " (the OCI artifact manifest was withdrawn before image-spec 1.1;"
                  + " push it again as an image manifest with artifactType)"
              : "";
      return fail(
          "mediaType "
              + JsonValue.quote(mediaType)
              + " is neither an image index nor an image manifest"
              + hint);
    }

    JsonValue root(byte[] json) throws OciFormatException {
      JsonValue root;
      try {
        root = JsonValue.parseDocument(json);
      } catch (JsonValue.MalformedJson e) {
        throw new OciFormatException(where + ": " + e.getMessage(), e.getCause());
      }
      if (root == null) {
        throw fail("is empty, expected a JSON object");
      }
      if (!root.isObject()) {
        throw fail("is " + JsonValue.quote(root) + ", expected a JSON object");
      }
      return root;
    }

    void schemaVersion(JsonValue root) throws OciFormatException {
      JsonValue version = required(root, "schemaVersion", "schemaVersion");
      expect(version, JsonKind.INTEGER, "schemaVersion");
      if (version.canConvertToInt() && version.intValue() == 1) {
        throw schema1();
      }
      if (!version.canConvertToInt() || version.intValue() != 2) {
        throw fail("schemaVersion " + JsonValue.quote(version) + " is not supported, expected 2");
      }
    }

    ImageIndex index(JsonValue root, String mediaType) throws OciFormatException {
      JsonValue manifests = required(root, "manifests", "manifests");
      expect(manifests, JsonKind.ARRAY, "manifests");
      List<Descriptor> descriptors = new ArrayList<>(manifests.size());
      for (int i = 0; i < manifests.size(); i++) {
        descriptors.add(descriptor(manifests.get(i), "manifests[" + i + "]"));
      }
      return new ImageIndex(
          mediaType,
          descriptors,
          annotations(root.get("annotations"), "annotations"),
          optionalString(root, "artifactType", "artifactType"));
    }

    ImageManifest manifest(JsonValue root, String mediaType) throws OciFormatException {
      Descriptor config = descriptor(required(root, "config", "config"), "config");
      JsonValue layers = required(root, "layers", "layers");
      expect(layers, JsonKind.ARRAY, "layers");
      List<Descriptor> descriptors = new ArrayList<>(layers.size());
      for (int i = 0; i < layers.size(); i++) {
        descriptors.add(descriptor(layers.get(i), "layers[" + i + "]"));
      }
      JsonValue subject = root.get("subject");
      return new ImageManifest(
          mediaType,
          optionalString(root, "artifactType", "artifactType"),
          config,
          descriptors,
          annotations(root.get("annotations"), "annotations"),
          subject == null || subject.isNull() ? null : descriptor(subject, "subject"));
    }

    Descriptor descriptor(JsonValue node, String path) throws OciFormatException {
      expect(node, JsonKind.OBJECT, path);
      String mediaType = requiredString(node, "mediaType", path + ".mediaType");
      JsonValue digestNode = required(node, "digest", path + ".digest");
      expect(digestNode, JsonKind.STRING, path + ".digest");
      Digest digest = digest(digestNode.textValue(), path + ".digest");
      JsonValue size = required(node, "size", path + ".size");
      expect(size, JsonKind.INTEGER, path + ".size");
      if (!size.canConvertToLong()) {
        throw fail(path + ".size " + JsonValue.quote(size) + " is too large");
      }
      if (size.longValue() < 0) {
        throw fail(path + ".size " + JsonValue.quote(size) + " is negative");
      }
      JsonValue urls = node.get("urls");
      return new Descriptor(
          mediaType,
          digest,
          size.longValue(),
          platform(node.get("platform"), path + ".platform"),
          annotations(node.get("annotations"), path + ".annotations"),
          optionalString(node, "artifactType", path + ".artifactType"),
          urls == null || urls.isNull() ? List.of() : strings(urls, path + ".urls"));
    }

    @Nullable Platform platform(@Nullable JsonValue node, String path) throws OciFormatException {
      if (node == null || node.isNull()) {
        return null;
      }
      expect(node, JsonKind.OBJECT, path);
      String os = requiredString(node, "os", path + ".os");
      String architecture = requiredString(node, "architecture", path + ".architecture");
      if (os.isBlank()) {
        throw fail(path + ".os is empty");
      }
      if (architecture.isBlank()) {
        throw fail(path + ".architecture is empty");
      }
      return Platform.of(os, architecture, optionalString(node, "variant", path + ".variant"));
    }

    Map<String, String> annotations(@Nullable JsonValue node, String path)
        throws OciFormatException {
      if (node == null || node.isNull()) {
        return Map.of();
      }
      expect(node, JsonKind.OBJECT, path);
      Map<String, String> annotations = new LinkedHashMap<>();
      for (Map.Entry<String, JsonValue> entry : node.properties()) {
        String entryPath = path + "." + JsonValue.quote(entry.getKey());
        expect(entry.getValue(), JsonKind.STRING, entryPath);
        annotations.put(entry.getKey(), entry.getValue().textValue());
      }
      return annotations;
    }

    List<String> strings(JsonValue node, String path) throws OciFormatException {
      expect(node, JsonKind.ARRAY, path);
      List<String> strings = new ArrayList<>(node.size());
      for (int i = 0; i < node.size(); i++) {
        JsonValue element = node.get(i);
        expect(element, JsonKind.STRING, path + "[" + i + "]");
        strings.add(element.textValue());
      }
      return strings;
    }

    Digest digest(String text, String path) throws OciFormatException {
      try {
        return Digest.parse(text);
      } catch (IllegalArgumentException e) {
        throw fail(
            path
                + " "
                + JsonValue.quote(text)
                + " is not a valid digest (expected sha256:<64 lower-case hex digits>"
                + " or sha512:<128>)");
      }
    }

    JsonValue required(JsonValue parent, String field, String path) throws OciFormatException {
      JsonValue value = parent.get(field);
      if (value == null || value.isNull()) {
        throw fail(path + " is missing");
      }
      return value;
    }

    String requiredString(JsonValue parent, String field, String path) throws OciFormatException {
      JsonValue value = required(parent, field, path);
      expect(value, JsonKind.STRING, path);
      return value.textValue();
    }

    @Nullable String optionalString(JsonValue parent, String field, String path)
        throws OciFormatException {
      JsonValue value = parent.get(field);
      if (value == null || value.isNull()) {
        return null;
      }
      expect(value, JsonKind.STRING, path);
      return value.textValue();
    }

    void expect(JsonValue node, JsonKind kind, String path) throws OciFormatException {
      if (!kind.matches(node)) {
        throw fail(path + " is " + JsonValue.quote(node) + ", expected " + kind.text);
      }
    }
  }
}
