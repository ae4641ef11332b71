package dev.ocipkg.internal.link;

import java.lang.foreign.Arena;
import java.lang.foreign.SymbolLookup;
import java.nio.file.Path;

/**
 * Links a library through the FFM API ({@code java.lang.foreign}): the Java 22+ version of this
 * class, from the multi-release layer.
 */
public final class ForeignLinker {
  private ForeignLinker() {}

  /** Whether the running JVM has the final FFM API. */
  public static boolean available() {
    return true;
  }

  /**
   * Opens {@code library} as a {@link SymbolLookup} whose lifetime is that of {@code arena}: the
   * library is unloaded when the arena closes.
   *
   * @throws IllegalArgumentException if {@code arena} is not an {@link Arena} or the library cannot
   *     be opened
   */
  public static Object libraryLookup(Path library, Object arena) {
    if (!(arena instanceof Arena a)) {
      throw new IllegalArgumentException(
          "arena must be a java.lang.foreign.Arena, not " + arena.getClass().getName());
    }
    return SymbolLookup.libraryLookup(library, a);
  }
}
