package dev.ocipkg;

import java.nio.file.Path;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Where a package comes from: a registry reference with Docker's normalisation ({@code
 * ghcr.io/acme/libfoo:1.2}, {@code ubuntu} = {@code docker.io/library/ubuntu:latest}, with an
 * optional {@code @sha256:...} pin), or a local source spelled as skopeo spells it: {@code
 * oci:DIR[:name|@digest]} (an OCI image layout) or {@code oci-archive:FILE[:name]}, where {@code
 * name} is an {@code org.opencontainers.image.ref.name}: a tag ({@code 1.0}) or a full name ({@code
 * localhost:5000/x:1.0}, as the Rust ocipkg writes it).
 *
 * <p>Immutable; {@link #parse} rejects malformed text with the text quoted.
 */
public final class ImageReference {
  /** The kinds of source a reference names. */
  public enum Kind {
    /** A repository in a registry, fetched over HTTP(S). */
    REGISTRY,
    /** An OCI image layout directory. */
    OCI_LAYOUT,
    /** A tar archive of an OCI image layout. */
    OCI_ARCHIVE
  }

  /** Docker Hub's canonical name. */
  public static final String DOCKER_HUB = "docker.io";

  private static final String DEFAULT_TAG = "latest";
  private static final int MAX_NAME_LENGTH = 255;
  private final Kind kind;
  private final @Nullable String registry;
  private final @Nullable String repository;
  private final @Nullable Path path;
  private final @Nullable String tag;
  private final @Nullable Digest digest;

  private ImageReference(
      Kind kind,
      @Nullable String registry,
      @Nullable String repository,
      @Nullable Path path,
      @Nullable String tag,
      @Nullable Digest digest) {
    this.kind = kind;
    this.registry = registry;
    this.repository = repository;
    this.path = path;
    this.tag = tag;
    this.digest = digest;
  }

  /**
   * Parses a reference.
   *
   * @throws IllegalArgumentException quoting the text and saying which part is malformed
   */
  public static ImageReference parse(String text) {
    if (text.startsWith("oci:")) {
      return parseLocal(Kind.OCI_LAYOUT, text, text.substring("oci:".length()));
    }
    if (text.startsWith("oci-archive:")) {
      return parseLocal(Kind.OCI_ARCHIVE, text, text.substring("oci-archive:".length()));
    }
    String body = text.startsWith("docker://") ? text.substring("docker://".length()) : text;
    return parseRegistry(text, body);
  }

  private static ImageReference parseLocal(Kind kind, String text, String rest) {
    Digest digest = null;
    String tag = null;
    String location = rest;
    // skopeo splits at the first colon: the path of a local source cannot contain one. What
    // follows is an org.opencontainers.image.ref.name, a tag or a full name such as
    // localhost:5000/x:1.0 (what the Rust ocipkg writes), not necessarily a tag.
    int colon = rest.indexOf(':');
    int at = rest.indexOf('@');
    if (at >= 0 && (colon < 0 || at < colon)) {
      digest = parseDigest(text, rest.substring(at + 1));
      location = rest.substring(0, at);
    } else if (colon >= 0) {
      tag = rest.substring(colon + 1);
      location = rest.substring(0, colon);
      if (!ReferenceSyntax.isRefName(tag)) {
        throw invalid(
            text,
            "\""
                + tag
                + "\" is not a valid org.opencontainers.image.ref.name (a tag such as 1.0, or"
                + " a name such as localhost:5000/x:1.0)");
      }
    }
    if (location.isEmpty()) {
      throw invalid(
          text,
          "the path is empty (expected "
              + (kind == Kind.OCI_LAYOUT ? "oci:DIR[:name|@digest]" : "oci-archive:FILE[:name]")
              + ")");
    }
    return new ImageReference(kind, null, null, Path.of(location), tag, digest);
  }

  private static ImageReference parseRegistry(String text, String body) {
    if (body.isEmpty()) {
      throw invalid(text, "it is empty");
    }
    String name = body;
    Digest digest = null;
    int at = body.indexOf('@');
    if (at >= 0) {
      digest = parseDigest(text, body.substring(at + 1));
      name = body.substring(0, at);
    }
    String tag = null;
    int lastSlash = name.lastIndexOf('/');
    int colon = name.lastIndexOf(':');
    if (colon > lastSlash) {
      tag = name.substring(colon + 1);
      name = name.substring(0, colon);
      if (!ReferenceSyntax.isTag(tag)) {
        throw invalid(text, "tag \"" + tag + "\" is not a valid tag");
      }
    }
    String registry;
    String repository;
    int slash = name.indexOf('/');
    String first = slash < 0 ? name : name.substring(0, slash);
    if (slash >= 0
        && (first.contains(".")
            || first.contains(":")
            || first.equals("localhost")
            || first.startsWith("["))) {
      registry = first;
      repository = name.substring(slash + 1);
      if (!ReferenceSyntax.isHost(registry)) {
        throw invalid(text, "registry \"" + registry + "\" is not a valid host[:port]");
      }
    } else {
      registry = DOCKER_HUB;
      repository = name;
    }
    if (registry.equals("index.docker.io") || registry.equals("registry-1.docker.io")) {
      registry = DOCKER_HUB;
    }
    if (registry.equals(DOCKER_HUB) && repository.indexOf('/') < 0) {
      repository = "library/" + repository;
    }
    for (String component : repository.split("/", -1)) {
      if (!ReferenceSyntax.isPathComponent(component)) {
        throw invalid(
            text,
            "repository component \""
                + component
                + "\" must be lower-case letters and digits separated by '.', '_', '__' or '-'");
      }
    }
    if (registry.length() + 1 + repository.length() > MAX_NAME_LENGTH) {
      throw invalid(text, "the name is longer than " + MAX_NAME_LENGTH + " characters");
    }
    if (tag == null && digest == null) {
      tag = DEFAULT_TAG;
    }
    return new ImageReference(Kind.REGISTRY, registry, repository, null, tag, digest);
  }

  private static Digest parseDigest(String text, String digest) {
    try {
      return Digest.parse(digest);
    } catch (IllegalArgumentException e) {
      throw invalid(text, e.getMessage());
    }
  }

  private static IllegalArgumentException invalid(String text, @Nullable String why) {
    return new IllegalArgumentException("invalid image reference \"" + text + "\": " + why);
  }

  /** The kind of source. */
  public Kind kind() {
    return kind;
  }

  /** The registry host[:port] of a {@link Kind#REGISTRY} reference, null for local sources. */
  public @Nullable String registry() {
    return registry;
  }

  /** The repository path of a {@link Kind#REGISTRY} reference, null for local sources. */
  public @Nullable String repository() {
    return repository;
  }

  /** The layout directory or archive file of a local source, null for registry references. */
  public @Nullable Path path() {
    return path;
  }

  /**
   * The tag, or null where the reference has none (digest-only, or a local source's default). For a
   * local source it is the {@code org.opencontainers.image.ref.name} looked up in {@code
   * index.json}, which may be a full name such as {@code localhost:5000/x:1.0}.
   */
  public @Nullable String tag() {
    return tag;
  }

  /** The digest pin, or null. */
  public @Nullable Digest digest() {
    return digest;
  }

  /** A copy pinned to {@code pin}, keeping the tag for display. */
  public ImageReference withDigest(Digest pin) {
    return new ImageReference(kind, registry, repository, path, tag, pin);
  }

  /** Where the content comes from, for messages: the registry host or the local path. */
  public String source() {
    return kind == Kind.REGISTRY
        ? Objects.requireNonNull(registry)
        : (kind == Kind.OCI_LAYOUT ? "oci:" : "oci-archive:") + path;
  }

  @Override
  public boolean equals(@Nullable Object o) {
    return o instanceof ImageReference && o.toString().equals(toString());
  }

  @Override
  public int hashCode() {
    return toString().hashCode();
  }

  /** The canonical form, which {@link #parse} reads back to an equal reference. */
  @Override
  public String toString() {
    StringBuilder s = new StringBuilder();
    if (kind == Kind.REGISTRY) {
      s.append(registry).append('/').append(repository);
    } else {
      s.append(source());
    }
    if (tag != null) {
      s.append(':').append(tag);
    }
    if (digest != null) {
      s.append('@').append(digest);
    }
    return s.toString();
  }
}
