package dev.ocipkg.it;

import dev.ocipkg.NativeLoader;
import java.nio.file.Path;

/**
 * A separate JVM that opens a reference and finds its library, nothing more (no JNA call, whose own
 * classes are not ocipkg's). Arguments: cache folder, reference.
 */
public final class WarmOpenMain {
  private WarmOpenMain() {}

  public static void main(String[] args) {
    Path library =
        NativeLoader.builder()
            .cacheDir(Path.of(args[0]))
            .build()
            .open(args[1])
            .library("ocipkg_demo");
    System.out.println("library " + library);
  }
}
