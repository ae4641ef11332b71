package dev.ocipkg.tools.cache;

import dev.ocipkg.Digest;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * A shortened digest as listings print it ({@code sha256:208e755c5a71}, or the hex alone): at least
 * {@value #MIN_HEX} hex digits, so that it names one digest in any cache of a sane size; the {@code
 * sha256:} is optional.
 */
public final class DigestPrefix {
  /** The fewest hex digits that a prefix may have: what {@code ocipkg ls} prints. */
  public static final int MIN_HEX = 12;

  private DigestPrefix() {}

  /** Whether {@code text} is spelled as a digest prefix (not whether anything matches it). */
  public static boolean isPrefix(String text) {
    String hex = text.startsWith("sha256:") ? text.substring("sha256:".length()) : text;
    if (hex.length() < MIN_HEX || hex.length() > 64) {
      return false;
    }
    for (int i = 0; i < hex.length(); i++) {
      char c = hex.charAt(i);
      if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) {
        return false;
      }
    }
    return true;
  }

  /**
   * The one digest of {@code known} that {@code prefix} begins, or null where none does.
   *
   * @throws IllegalArgumentException where several do, listing them
   */
  public static @Nullable Digest match(String prefix, Collection<Digest> known) {
    String full = prefix.startsWith("sha256:") ? prefix : "sha256:" + prefix;
    Set<Digest> matches = new LinkedHashSet<>();
    for (Digest d : known) {
      if (d.toString().startsWith(full)) {
        matches.add(d);
      }
    }
    if (matches.size() > 1) {
      List<String> names = new ArrayList<>();
      matches.forEach(d -> names.add(d.toString()));
      throw new IllegalArgumentException(
          "\""
              + prefix
              + "\" is ambiguous: it begins "
              + String.join(", ", names)
              + "; give more digits");
    }
    return matches.isEmpty() ? null : matches.iterator().next();
  }
}
