package dev.ocipkg.internal.trust;

import dev.ocipkg.ImageReference;
import dev.ocipkg.internal.io.JsonValue;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads containers-policy.json(5) as strictly as containers/image does: unknown or duplicate
 * fields, unknown requirement types, an empty requirement list, a scope that is not a fully
 * expanded name are all refused, each error quoting the file, the JSON path and the value.
 */
final class PolicyParser {
  /** The transports that containers/image knows; a policy may name any of them. */
  private static final Set<String> TRANSPORTS =
      Set.of(
          "atomic",
          "containers-storage",
          "dir",
          "docker",
          "docker-archive",
          "docker-daemon",
          "oci",
          "oci-archive",
          "ostree",
          "sif",
          "tarball");

  private static final Set<String> KEY_FIELDS =
      Set.of("keyPath", "keyPaths", "keyData", "keyDatas");
  private static final int MAX_KEY_FILE_BYTES = 64 * 1024;

  private final String source;
  private final Path keyFolder;
  private final StrictJson reader;
  private final MessageDigest fingerprint;
  private final List<Path> keyFiles = new ArrayList<>();

  PolicyParser(String source, Path keyFolder) {
    this.source = source;
    this.keyFolder = keyFolder;
    this.reader = new StrictJson(source);
    try {
      this.fingerprint = MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("the JDK lacks SHA-256", e);
    }
  }

  TrustPolicy parse(byte[] json) throws TrustFormatException {
    JsonValue root = reader.root(json);
    fingerprint.update(root.canonicalBytes()); // keys sorted, no whitespace
    reader.onlyFields(root, "", Set.of("default", "transports"));
    List<PolicyRequirement> defaults =
        requirements(reader.required(root, "default", "default"), "default");
    Map<String, Map<String, List<PolicyRequirement>>> transports = new LinkedHashMap<>();
    JsonValue transportsNode = root.get("transports");
    if (transportsNode != null && !transportsNode.isNull()) {
      reader.object(transportsNode, "transports");
      for (Map.Entry<String, JsonValue> transport : transportsNode.properties()) {
        String name = transport.getKey();
        String path = "transports." + name;
        if (!TRANSPORTS.contains(name)) {
          throw reader.fail(
              "transports: unknown transport "
                  + JsonValue.quote(name)
                  + " (ocipkg uses docker, oci and oci-archive)");
        }
        reader.object(transport.getValue(), path);
        Map<String, List<PolicyRequirement>> scopes = new LinkedHashMap<>();
        for (Map.Entry<String, JsonValue> scope : transport.getValue().properties()) {
          String scopePath = path + "[" + JsonValue.quote(scope.getKey()) + "]";
          checkScope(name, scope.getKey(), scopePath);
          scopes.put(scope.getKey(), requirements(scope.getValue(), scopePath));
        }
        transports.put(name, scopes);
      }
    }
    return new TrustPolicy(
        source,
        defaults,
        transports,
        "sha256:" + HexFormat.of().formatHex(fingerprint.digest()),
        keyFiles);
  }

  private void checkScope(String transport, String scope, String path) throws TrustFormatException {
    if (scope.isEmpty()) {
      return;
    }
    if (transport.equals("docker")) {
      if (scope.startsWith("*.")) {
        if (scope.indexOf('*', 1) >= 0 || scope.contains("/") || scope.length() == 2) {
          throw reader.fail(path + ": a wildcard scope is *.domain, with no other '*' or '/'");
        }
        return;
      }
      String first = scope.contains("/") ? scope.substring(0, scope.indexOf('/')) : scope;
      boolean host = first.contains(".") || first.contains(":") || first.equals("localhost");
      if (!host) {
        throw reader.fail(
            path
                + ": a docker scope must be fully expanded, starting with a registry host (for"
                + " example \"docker.io/library/busybox\", not \"busybox\")");
      }
      if (scope.contains("/")) {
        try {
          ImageReference parsed = ImageReference.parse(scope);
          if (parsed.kind() != ImageReference.Kind.REGISTRY) {
            throw new IllegalArgumentException("not a registry reference");
          }
        } catch (IllegalArgumentException e) {
          throw reader.fail(path + ": not a valid docker scope (" + e.getMessage() + ")");
        }
      }
      return;
    }
    if (transport.equals("oci") || transport.equals("oci-archive") || transport.equals("dir")) {
      String location = scope.contains(":") ? scope.substring(0, scope.indexOf(':')) : scope;
      if (!location.startsWith("/")) {
        throw reader.fail(path + ": a " + transport + " scope must be an absolute path");
      }
      if (location.equals("/")) {
        throw reader.fail(path + ": the scope \"/\" is forbidden; use the transport default \"\"");
      }
    }
  }

  private List<PolicyRequirement> requirements(JsonValue node, String path)
      throws TrustFormatException {
    reader.array(node, path);
    if (node.size() == 0) {
      throw reader.fail(
          path
              + " is an empty list; say [{\"type\": \"insecureAcceptAnything\"}] to accept anything");
    }
    List<PolicyRequirement> requirements = new ArrayList<>(node.size());
    for (int i = 0; i < node.size(); i++) {
      requirements.add(requirement(node.get(i), path + "[" + i + "]"));
    }
    return requirements;
  }

  private PolicyRequirement requirement(JsonValue node, String path) throws TrustFormatException {
    reader.object(node, path);
    String type = reader.requiredString(node, "type", path + ".type");
    switch (type) {
      case "insecureAcceptAnything":
        reader.onlyFields(node, path, Set.of("type"));
        return new PolicyRequirement.InsecureAcceptAnything();
      case "reject":
        reader.onlyFields(node, path, Set.of("type"));
        return new PolicyRequirement.Reject();
      case "signedBy":
        reader.onlyFields(
            node,
            path,
            Set.of("type", "keyType", "keyPath", "keyPaths", "keyData", "signedIdentity"));
        return new PolicyRequirement.Unsupported(
            "signedBy",
            "not supported by ocipkg: signedBy (GPG simple signing); sign with cosign and use"
                + " sigstoreSigned with the cosign public key");
      case "sigstoreSigned":
        return sigstoreSigned(node, path);
      default:
        throw reader.fail(
            path
                + ".type "
                + JsonValue.quote(type)
                + " is not a policy requirement (expected insecureAcceptAnything, reject,"
                + " sigstoreSigned or signedBy)");
    }
  }

  private PolicyRequirement sigstoreSigned(JsonValue node, String path)
      throws TrustFormatException {
    reader.onlyFields(
        node,
        path,
        Set.of(
            "type",
            "keyPath",
            "keyPaths",
            "keyData",
            "keyDatas",
            "fulcio",
            "pki",
            "rekorPublicKeyPath",
            "rekorPublicKeyPaths",
            "rekorPublicKeyData",
            "rekorPublicKeyDatas",
            "signedIdentity"));
    List<String> given = new ArrayList<>();
    for (String field : List.of("keyPath", "keyPaths", "keyData", "keyDatas", "fulcio", "pki")) {
      if (node.has(field)) {
        given.add(field);
      }
    }
    if (given.size() != 1) {
      throw reader.fail(
          path
              + ": sigstoreSigned needs exactly one of keyPath, keyPaths, keyData, keyDatas"
              + (given.isEmpty() ? "" : ", found " + String.join(" and ", given)));
    }
    SignedIdentity identity = signedIdentity(node.get("signedIdentity"), path + ".signedIdentity");
    String kind = given.get(0);
    if (!KEY_FIELDS.contains(kind)) {
      return new PolicyRequirement.Unsupported(
          "sigstoreSigned with " + kind,
          "not supported by ocipkg: keyless sigstoreSigned ("
              + kind
              + "); sign with a key (cosign generate-key-pair) and name its public key in keyPath");
    }
    for (String rekor :
        List.of(
            "rekorPublicKeyPath",
            "rekorPublicKeyPaths",
            "rekorPublicKeyData",
            "rekorPublicKeyDatas")) {
      if (node.has(rekor)) {
        return new PolicyRequirement.Unsupported(
            "sigstoreSigned with " + rekor,
            "not supported by ocipkg: checking Rekor transparency-log entries ("
                + rekor
                + ");"
                + " leave it out to trust the key alone");
      }
    }
    return new PolicyRequirement.SigstoreSigned(keys(node, kind, path), identity);
  }

  private List<TrustedKey> keys(JsonValue node, String field, String path)
      throws TrustFormatException {
    String fieldPath = path + "." + field;
    JsonValue value = node.get(field);
    List<JsonValue> entries = new ArrayList<>();
    List<String> paths = new ArrayList<>();
    if (field.endsWith("s")) {
      reader.array(value, fieldPath);
      if (value.size() == 0) {
        throw reader.fail(fieldPath + " is an empty list");
      }
      for (int i = 0; i < value.size(); i++) {
        entries.add(value.get(i));
        paths.add(fieldPath + "[" + i + "]");
      }
    } else {
      entries.add(value);
      paths.add(fieldPath);
    }
    List<TrustedKey> keys = new ArrayList<>();
    for (int i = 0; i < entries.size(); i++) {
      String text = reader.string(entries.get(i), paths.get(i));
      TrustedKey key =
          field.startsWith("keyPath") ? keyFile(text, paths.get(i)) : keyData(text, paths.get(i));
      fingerprint.update(key.der());
      keys.add(key);
    }
    return keys;
  }

  private TrustedKey keyFile(String name, String path) throws TrustFormatException {
    Path file = keyFolder.resolve(name).toAbsolutePath().normalize();
    keyFiles.add(file);
    byte[] pem;
    try {
      long size = Files.size(file);
      if (size > MAX_KEY_FILE_BYTES) {
        throw reader.fail(path + ": key file " + file + " is " + size + " bytes, too large");
      }
      pem = Files.readAllBytes(file);
    } catch (IOException e) {
      if (e instanceof TrustFormatException t) {
        throw t;
      }
      throw new TrustFormatException(
          source + ": " + path + ": cannot read key file " + file + " (" + e + ")", e);
    }
    return TrustedKey.fromPem(pem, "key file " + file + " (" + source + ", " + path + ")");
  }

  private TrustedKey keyData(String base64, String path) throws TrustFormatException {
    return TrustedKey.fromPem(reader.base64(base64, path), source + ", " + path);
  }

  private SignedIdentity signedIdentity(JsonValue node, String path) throws TrustFormatException {
    if (node == null || node.isNull()) {
      return new SignedIdentity.MatchRepoDigestOrExact();
    }
    reader.object(node, path);
    String type = reader.requiredString(node, "type", path + ".type");
    switch (type) {
      case "matchExact":
        reader.onlyFields(node, path, Set.of("type"));
        return new SignedIdentity.MatchExact();
      case "matchRepoDigestOrExact":
        reader.onlyFields(node, path, Set.of("type"));
        return new SignedIdentity.MatchRepoDigestOrExact();
      case "matchRepository":
        reader.onlyFields(node, path, Set.of("type"));
        return new SignedIdentity.MatchRepository();
      case "exactReference":
        {
          reader.onlyFields(node, path, Set.of("type", "dockerReference"));
          String text = reader.requiredString(node, "dockerReference", path + ".dockerReference");
          ImageReference reference = dockerReference(text, path + ".dockerReference");
          String last = text.substring(text.lastIndexOf('/') + 1);
          if (!last.contains(":") && !last.contains("@")) {
            // ImageReference would add ":latest"; containers/image asks for it to be explicit.
            throw reader.fail(
                path + ".dockerReference " + JsonValue.quote(text) + " needs a tag or digest");
          }
          return new SignedIdentity.ExactReference(reference);
        }
      case "exactRepository":
        {
          reader.onlyFields(node, path, Set.of("type", "dockerRepository"));
          String text = reader.requiredString(node, "dockerRepository", path + ".dockerRepository");
          return new SignedIdentity.ExactRepository(
              dockerReference(text, path + ".dockerRepository"));
        }
      case "remapIdentity":
        {
          reader.onlyFields(node, path, Set.of("type", "prefix", "signedPrefix"));
          String prefix = reader.requiredString(node, "prefix", path + ".prefix");
          String signedPrefix = reader.requiredString(node, "signedPrefix", path + ".signedPrefix");
          for (String[] p : new String[][] {{prefix, ".prefix"}, {signedPrefix, ".signedPrefix"}}) {
            if (p[0].isEmpty() || p[0].contains("@") || p[0].endsWith("/")) {
              throw reader.fail(
                  path
                      + p[1]
                      + " "
                      + JsonValue.quote(p[0])
                      + " must be a host, namespace or repository");
            }
          }
          return new SignedIdentity.RemapIdentity(prefix, signedPrefix);
        }
      default:
        throw reader.fail(
            path
                + ".type "
                + JsonValue.quote(type)
                + " is not supported (expected matchRepoDigestOrExact, matchRepository, matchExact,"
                + " exactReference, exactRepository or remapIdentity)");
    }
  }

  private ImageReference dockerReference(String text, String path) throws TrustFormatException {
    try {
      ImageReference reference = ImageReference.parse(text);
      if (reference.kind() == ImageReference.Kind.REGISTRY) {
        return reference;
      }
    } catch (IllegalArgumentException e) {
      throw reader.fail(path + " " + JsonValue.quote(text) + " is not a docker reference");
    }
    throw reader.fail(path + " " + JsonValue.quote(text) + " is not a docker reference");
  }
}
