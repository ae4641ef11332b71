package dev.ocipkg.it;

import dev.ocipkg.NativeLoadException;
import dev.ocipkg.NativeLoader;
import dev.ocipkg.NativePackage;
import java.nio.file.Path;

/**
 * A separate JVM, run as another user by {@link ReadOnlyCacheIT}: configured only from system
 * properties ({@code ocipkg.cache.dir}, {@code ocipkg.cache.readonly}), opens each reference of its
 * arguments, links its library with {@code System.load} (no JNA: it would unpack its own native
 * part into a folder of that user) and prints where the package is. A load failure prints the error
 * and its hint and exits with 3.
 */
public final class ReadOnlyLoadMain {
  private ReadOnlyLoadMain() {}

  public static void main(String[] args) {
    NativeLoader loader = NativeLoader.builder().build();
    for (String reference : args) {
      try {
        NativePackage pkg = loader.open(reference);
        Path library = pkg.library("ocipkg_demo");
        System.load(library.toString());
        System.out.println("loaded " + pkg.directory());
      } catch (NativeLoadException e) {
        System.out.println("failed: " + e.getMessage() + "\nhint: " + e.hint());
        System.exit(3);
      }
    }
  }
}
