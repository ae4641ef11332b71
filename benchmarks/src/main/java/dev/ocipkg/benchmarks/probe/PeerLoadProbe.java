package dev.ocipkg.benchmarks.probe;

import com.sun.jna.Library;
import com.sun.jna.Native;
import dev.ocipkg.NativeLoader;
import java.lang.invoke.MethodHandles;
import java.net.URL;

/**
 * Loads one library into a fresh JVM the way one tool does, so that JVM runs on the same class path
 * differ only in the tool: ocipkg (through JNA, or into the class loader as JNI does), JNA on the
 * file or extracting it from a jar on the class path, {@code System.load} on the file, JavaCPP's
 * {@code Loader.loadLibrary} from a class-path resource, scijava's native-lib-loader. Every mode
 * ends with the library opened by the dynamic linker; none calls into it.
 *
 * <p>Arguments: {@code MODE NAME TARGET}, where NAME is the library's name ({@code x265}) and
 * TARGET a reference (ocipkg modes), a file (file modes) or a class-path resource (JavaCPP). Prints
 * {@code load-nanos}, the time of the loading call.
 */
public final class PeerLoadProbe {
  /** An interface with no functions: JNA opens the library when it makes the proxy. */
  public interface Loaded extends Library {}

  private PeerLoadProbe() {}

  public static void main(String[] args) throws Exception {
    String mode = args[0];
    String name = args[1];
    String target = args[2];
    long started = System.nanoTime();
    switch (mode) {
      case "ocipkg-jna" -> NativeLoader.load(target).jna(Loaded.class, name);
      case "ocipkg-jni" -> NativeLoader.load(target).loadJni(name, MethodHandles.lookup());
      case "jna-file" -> Native.load(target, Loaded.class);
      case "jna-jar" -> Native.load(name, Loaded.class);
      case "system-load" -> System.load(target);
      case "javacpp" -> javacpp(name, target);
      case "scijava" -> org.scijava.nativelib.NativeLoader.loadLibrary(name);
      default -> throw new IllegalArgumentException("unknown mode \"" + mode + "\"");
    }
    System.out.println("load-nanos=" + (System.nanoTime() - started));
  }

  private static void javacpp(String name, String resource) {
    URL url = PeerLoadProbe.class.getResource(resource);
    if (url == null) {
      throw new IllegalStateException("no " + resource + " on the class path");
    }
    String loaded =
        org.bytedeco.javacpp.Loader.loadLibrary(PeerLoadProbe.class, new URL[] {url}, name);
    if (loaded == null) {
      throw new IllegalStateException("JavaCPP did not load " + resource);
    }
  }
}
