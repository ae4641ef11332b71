package dev.ocipkg.internal.source;

import java.io.IOException;
import java.util.List;

/** Every source of a fallback chain failed; the message lists each attempt. */
public final class AllSourcesFailedException extends IOException {
  private static final long serialVersionUID = 1L;

  private final List<IOException> attempts;

  private AllSourcesFailedException(String message, List<IOException> attempts) {
    super(message);
    this.attempts = List.copyOf(attempts);
    attempts.forEach(this::addSuppressed);
  }

  static AllSourcesFailedException of(
      String what, List<ContentSource> sources, List<IOException> failures) {
    StringBuilder s = new StringBuilder("every source failed for the ").append(what).append(':');
    for (int i = 0; i < failures.size(); i++) {
      s.append("\n  ")
          .append(i + 1)
          .append(". ")
          .append(sources.get(i).name())
          .append(": ")
          .append(failures.get(i).getMessage());
    }
    return new AllSourcesFailedException(s.toString(), failures);
  }

  /** The failures in the order the sources were tried. */
  public List<IOException> attempts() {
    return attempts;
  }
}
