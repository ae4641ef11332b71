package dev.ocipkg.internal.trust;

import dev.ocipkg.ImageReference;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A trust policy in containers-policy.json(5) format: the global {@code default} requirements and
 * per-transport scopes, of which the most specific that matches a reference applies.
 *
 * <p>ocipkg's sources map to transports as skopeo spells them: registry references to {@code
 * docker}, {@code oci:DIR} to {@code oci}, {@code oci-archive:FILE} to {@code oci-archive}. Scopes
 * of the other transports are checked for syntax and never used.
 *
 * <p>Immutable; the keys named by {@code keyPath} are read once, when the policy is parsed.
 */
public final class TrustPolicy {
  /** The most bytes of a policy file that are read. */
  public static final int MAX_BYTES = 1024 * 1024;

  private final String source;
  private final List<PolicyRequirement> defaultRequirements;
  private final Map<String, Map<String, List<PolicyRequirement>>> transports;
  private final String fingerprint;
  private final List<Path> keyFiles;

  TrustPolicy(
      String source,
      List<PolicyRequirement> defaultRequirements,
      Map<String, Map<String, List<PolicyRequirement>>> transports,
      String fingerprint,
      List<Path> keyFiles) {
    this.source = source;
    this.defaultRequirements = List.copyOf(defaultRequirements);
    Map<String, Map<String, List<PolicyRequirement>>> copy = new LinkedHashMap<>();
    transports.forEach(
        (name, scopes) -> copy.put(name, Collections.unmodifiableMap(new LinkedHashMap<>(scopes))));
    this.transports = Collections.unmodifiableMap(copy);
    this.fingerprint = fingerprint;
    this.keyFiles = List.copyOf(keyFiles);
  }

  /**
   * Reads a policy file; relative {@code keyPath}s are resolved against the file's folder.
   *
   * @throws TrustFormatException quoting the file, the JSON path and the value that is wrong
   */
  public static TrustPolicy read(Path file) throws IOException {
    long size = Files.size(file);
    if (size > MAX_BYTES) {
      throw new TrustFormatException(
          "policy " + file + ": " + size + " bytes is larger than the " + MAX_BYTES + " allowed");
    }
    Path folder = file.toAbsolutePath().getParent();
    return parse(Files.readAllBytes(file), "policy " + file, folder == null ? Path.of("") : folder);
  }

  /**
   * Parses a policy.
   *
   * @param source where it came from, for messages ({@code policy /etc/ocipkg/policy.json})
   * @param keyFolder the folder that relative {@code keyPath}s are resolved against
   * @throws TrustFormatException quoting {@code source}, the JSON path and the value that is wrong
   */
  public static TrustPolicy parse(byte[] json, String source, Path keyFolder)
      throws TrustFormatException {
    return new PolicyParser(source, keyFolder).parse(json);
  }

  /** Where the policy came from, for messages. */
  public String source() {
    return source;
  }

  /**
   * The sha256 ({@code sha256:<hex>}) of the policy's canonical JSON (keys sorted, no whitespace)
   * and of every key it trusts, so that a record of a verification made under this policy can tell
   * when the policy or one of its key files has changed.
   */
  public String fingerprint() {
    return fingerprint;
  }

  /**
   * The key files that {@code keyPath}/{@code keyPaths} named, absolute, in the order read: with
   * the policy file itself, what a store record of a verification must watch, so that the warm path
   * can tell by hashing their raw bytes (no JSON parse) that the policy is unchanged.
   */
  public List<Path> keyFiles() {
    return keyFiles;
  }

  /** The requirements that apply to {@code reference}, and the scope they came from. */
  public ScopedRequirements requirementsFor(ImageReference reference) {
    String transport = transportOf(reference);
    Map<String, List<PolicyRequirement>> scopes = transports.get(transport);
    if (scopes != null) {
      for (String scope : candidateScopes(reference)) {
        List<PolicyRequirement> requirements = scopes.get(scope);
        if (requirements != null) {
          return new ScopedRequirements(new PolicyScope(transport, scope), requirements);
        }
      }
      List<PolicyRequirement> transportDefault = scopes.get("");
      if (transportDefault != null) {
        return new ScopedRequirements(new PolicyScope(transport, ""), transportDefault);
      }
    }
    return new ScopedRequirements(PolicyScope.GLOBAL_DEFAULT, defaultRequirements);
  }

  /**
   * The requirements of one scope.
   *
   * @param scope where they came from
   * @param requirements all of which must be satisfied
   */
  public record ScopedRequirements(PolicyScope scope, List<PolicyRequirement> requirements) {
    public ScopedRequirements {
      requirements = List.copyOf(requirements);
    }
  }

  static String transportOf(ImageReference reference) {
    switch (reference.kind()) {
      case OCI_LAYOUT:
        return "oci";
      case OCI_ARCHIVE:
        return "oci-archive";
      default:
        return "docker";
    }
  }

  /** The scopes that could match {@code reference}, most specific first, without {@code ""}. */
  static List<String> candidateScopes(ImageReference reference) {
    List<String> scopes = new ArrayList<>();
    if (reference.kind() != ImageReference.Kind.REGISTRY) {
      // containers-policy.json(5), oci: "directory:tag", the directory, or any parent but "/".
      Path path = Objects.requireNonNull(reference.path()).toAbsolutePath().normalize();
      if (reference.tag() != null) {
        scopes.add(path + ":" + reference.tag());
      }
      for (Path p = path; p != null && p.getParent() != null; p = p.getParent()) {
        scopes.add(p.toString());
      }
      return scopes;
    }
    String host = Objects.requireNonNull(reference.registry());
    String name = host + "/" + Objects.requireNonNull(reference.repository());
    if (reference.digest() != null) {
      scopes.add(name + "@" + reference.digest());
    }
    if (reference.tag() != null) {
      scopes.add(name + ":" + reference.tag());
    }
    for (String n = name; n.contains("/"); n = n.substring(0, n.lastIndexOf('/'))) {
      scopes.add(n);
    }
    scopes.add(host);
    // Wildcarded subdomains: a.b.example.com matches *.b.example.com, then *.example.com, *.com.
    int colon = host.lastIndexOf(':');
    String hostname = colon > 0 && !host.endsWith("]") ? host.substring(0, colon) : host;
    for (int dot = hostname.indexOf('.'); dot >= 0; dot = hostname.indexOf('.', dot + 1)) {
      scopes.add("*" + hostname.substring(dot));
    }
    return scopes;
  }

  @Override
  public String toString() {
    return source;
  }
}
