package dev.ocipkg.internal.link;

import java.lang.foreign.Arena;
import java.lang.foreign.SymbolLookup;
import java.nio.file.Path;

/**
 * Links a library through the FFM API ({@code java.lang.foreign}): the Java 22+ version of this
 * class, from the multi-release layer. It takes the path that JNA and JNI take ({@link
 * DependencyPreloader}, {@link LinkFailures}): dependencies beside the library are loaded first
 * into the same arena, and a failure is explained in the same words.
 */
public final class ForeignLinker {
  private ForeignLinker() {}

  /** Whether the running JVM has the final FFM API. */
  public static boolean available() {
    return true;
  }

  /**
   * Opens {@code target}'s library as a {@link SymbolLookup} whose lifetime is that of {@code
   * arena}: the library, and any dependency loaded for it, is unloaded when the arena closes.
   *
   * @throws IllegalArgumentException if {@code arena} is not an {@link Arena}
   * @throws dev.ocipkg.NativeLoadException if the library cannot be opened
   */
  public static Object libraryLookup(LinkTarget target, Object arena) {
    if (!(arena instanceof Arena a)) {
      throw new IllegalArgumentException(
          "arena must be a java.lang.foreign.Arena, not " + arena.getClass().getName());
    }
    // An anonymous class, not a lambda: this runs at start-up, where a JVM's first lambda costs.
    DependencyPreloader.Linker<SymbolLookup> open =
        new DependencyPreloader.Linker<SymbolLookup>() {
          @Override
          public SymbolLookup link(Path file) {
            return open(file, a);
          }
        };
    return DependencyPreloader.link(target, open, open);
  }

  private static SymbolLookup open(Path file, Arena arena) {
    try {
      return SymbolLookup.libraryLookup(file, arena);
    } catch (IllegalArgumentException e) {
      // FFM says only "Cannot open library: PATH"; the dynamic linker's own words name a missing
      // dependency, which the preloader needs, as JNA's and System.load's errors do.
      String reason = DynamicLinkerReason.whyNotOpened(file);
      UnsatisfiedLinkError error =
          new UnsatisfiedLinkError(reason != null ? reason : e.getMessage());
      error.initCause(e);
      throw error;
    }
  }
}
