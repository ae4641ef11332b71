package dev.ocipkg.internal.registry;

import dev.ocipkg.ImageReference;
import java.util.Objects;

/**
 * One repository of one registry: the host[:port] to talk to and the repository's path there, e.g.
 * {@code ghcr.io} and {@code acme/libfoo}. Messages name it {@code host/path}.
 */
public record Repository(String host, String path) {
  public Repository {
    Objects.requireNonNull(host, "host");
    Objects.requireNonNull(path, "path");
  }

  /**
   * The registry repository {@code reference} names.
   *
   * @throws IllegalArgumentException if {@code reference} names a layout or an archive
   */
  public static Repository of(ImageReference reference) {
    if (reference.kind() != ImageReference.Kind.REGISTRY) {
      throw new IllegalArgumentException(reference + " names no registry repository");
    }
    return new Repository(
        Objects.requireNonNull(reference.registry()),
        Objects.requireNonNull(reference.repository()));
  }

  /** The same repository path on another host, e.g. a mirror. */
  public Repository on(String otherHost) {
    return new Repository(otherHost, path);
  }

  /** The token scope of pulling from this repository. */
  public String pullScope() {
    return "repository:" + path + ":pull";
  }

  /** The token scope of pushing to this repository (push needs pull too). */
  public String pushScope() {
    return "repository:" + path + ":pull,push";
  }

  @Override
  public String toString() {
    return host + "/" + path;
  }
}
