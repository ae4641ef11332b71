package dev.ocipkg.internal.link;

import java.nio.file.Path;

/**
 * Links a library through the FFM API ({@code java.lang.foreign}).
 *
 * <p>This is the Java 17-21 version: the FFM API is final only from Java 22, so here every call
 * fails with the fix. The Java 22+ version of this class lives in the multi-release layer ({@code
 * META-INF/versions/22}) and replaces this one at run time.
 */
public final class ForeignLinker {
  private ForeignLinker() {}

  /** Whether the running JVM has the final FFM API. */
  public static boolean available() {
    return false;
  }

  /**
   * Opens {@code target}'s library as a {@code java.lang.foreign.SymbolLookup} whose lifetime is
   * that of {@code arena} (a {@code java.lang.foreign.Arena}).
   *
   * @throws UnsupportedOperationException always, on this Java version
   */
  public static Object libraryLookup(LinkTarget target, Object arena) {
    Path library = target.file();
    throw new UnsupportedOperationException(
        "the FFM API (SymbolLookup) needs Java 22 or later; this JVM is Java "
            + Runtime.version().feature()
            + ". Run on Java 22+, or link "
            + library.getFileName()
            + " through JNA (NativeLoader.jna) or System.load instead");
  }
}
