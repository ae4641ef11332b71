package dev.ocipkg.demo;

import com.sun.jna.Library;
import dev.ocipkg.NativeLoader;
import dev.ocipkg.NativePackage;
import java.lang.reflect.Method;
import java.nio.file.Path;

/**
 * Loads libocipkg_demo from an OCI reference (by default the embedded layout), calls it through JNA
 * and, on Java 22+, through the FFM API, and says what it did.
 */
public final class Demo {
  /** libocipkg_demo as JNA sees it. */
  public interface DemoLibrary extends Library {
    int demo_add(int a, int b);

    String demo_version();
  }

  private Demo() {}

  public static void main(String[] args) throws Exception {
    String reference = args.length > 0 ? args[0] : "oci:demo/target/demo-layout:1.0";
    long started = System.nanoTime();
    NativePackage pkg = NativeLoader.load(reference);
    long loadedMicros = (System.nanoTime() - started) / 1000;
    Path library = pkg.library("ocipkg_demo");

    System.out.println("reference : " + pkg.reference());
    System.out.println("platform  : " + pkg.platform());
    System.out.println("digest    : " + pkg.digest());
    System.out.println("library   : " + library);
    System.out.println("load time : " + loadedMicros + " us");

    DemoLibrary jna = pkg.jna(DemoLibrary.class, "ocipkg_demo");
    System.out.println(
        "JNA       : demo_add(2, 3) = "
            + jna.demo_add(2, 3)
            + ", demo_version() = \""
            + jna.demo_version()
            + "\"");

    if (Runtime.version().feature() >= 22) {
      // Compiled for Java 17: the FFM call lives in the Java 22 class ForeignDemo.
      Method add =
          Class.forName("dev.ocipkg.demo.ForeignDemo")
              .getMethod("demoAdd", NativePackage.class, int.class, int.class);
      System.out.println("FFM       : demo_add(40, 2) = " + add.invoke(null, pkg, 40, 2));
    } else {
      try {
        pkg.symbolLookup("ocipkg_demo", () -> {});
      } catch (UnsupportedOperationException e) {
        System.out.println("FFM       : " + e.getMessage());
      }
    }
  }
}
