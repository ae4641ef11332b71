package dev.ocipkg.benchmarks.harness;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;

/**
 * The jar that bundles the warm-peer libraries the way each peer expects to find them on the class
 * path: {@code linux-x86-64/libfoo.so} for JNA, {@code natives/linux_64/libfoo.so} for scijava's
 * native-lib-loader, {@code javacpp/linux-x86_64/libfoo.so} for JavaCPP (a resource URL given to
 * {@code Loader.loadLibrary}). Written into the work folder at run time; entries deflated, as a
 * build would.
 */
final class PeerJar {
  private PeerJar() {}

  /** The platform folders of the three peers, from the peers themselves. */
  static String jnaFolder() {
    return com.sun.jna.Platform.RESOURCE_PREFIX + "/";
  }

  static String scijavaFolder() {
    return org.scijava.nativelib.NativeLibraryUtil.getPlatformLibraryPath(
        org.scijava.nativelib.NativeLibraryUtil.DEFAULT_SEARCH_PATH);
  }

  static String javacppFolder() {
    return "javacpp/" + org.bytedeco.javacpp.Loader.getPlatform() + "/";
  }

  /** Writes {@code jar} with each library (file name {@code libNAME.so} by NAME) in each folder. */
  static void write(Path jar, Map<String, Path> libraries) throws IOException {
    try (OutputStream file = Files.newOutputStream(jar);
        JarOutputStream out = new JarOutputStream(file)) {
      for (String folder : new String[] {jnaFolder(), scijavaFolder(), javacppFolder()}) {
        for (Map.Entry<String, Path> library : libraries.entrySet()) {
          out.putNextEntry(new JarEntry(folder + System.mapLibraryName(library.getKey())));
          Files.copy(library.getValue(), out);
          out.closeEntry();
        }
      }
    }
  }
}
