package dev.ocipkg.it;

import dev.ocipkg.NativeLoader;
import dev.ocipkg.NativePackage;
import java.nio.file.Path;

/**
 * A separate JVM for the multi-process tests: loads a reference into a cache, calls demo_add
 * through JNA, and prints the package folder. Arguments: cache folder, reference.
 */
public final class LoadMain {
  private LoadMain() {}

  public static void main(String[] args) {
    NativeLoader loader = NativeLoader.builder().cacheDir(Path.of(args[0])).build();
    NativePackage pkg = loader.open(args[1]);
    int sum = pkg.jna(Demo.class, "ocipkg_demo").demo_add(2, 3);
    if (sum != 5) {
      throw new AssertionError("demo_add(2, 3) returned " + sum);
    }
    System.out.println("loaded " + pkg.directory());
  }
}
