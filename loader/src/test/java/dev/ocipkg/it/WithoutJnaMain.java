package dev.ocipkg.it;

import dev.ocipkg.NativeLoader;
import dev.ocipkg.NativePackage;
import dev.ocipkg.testlibs.JniDemo;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.nio.file.Path;

/**
 * A separate JVM for {@link WithoutJnaIT}, started with no JNA on its class path: opens the
 * reference of its second argument into the cache of its first, binds the JNI library, calls
 * demo_add through the FFM API where the JVM has it, and asks for a JNA proxy; prints each outcome.
 */
public final class WithoutJnaMain {
  private WithoutJnaMain() {}

  public static void main(String[] args) throws Throwable {
    try {
      Class.forName("com.sun.jna.Native");
      System.out.println("JNA is on the class path: the test is set up wrong");
      System.exit(2);
    } catch (ClassNotFoundException expected) {
      // as meant
    }
    NativePackage pkg = NativeLoader.builder().cacheDir(Path.of(args[0])).build().open(args[1]);
    System.out.println("library " + pkg.library("ocipkg_demo").getFileName());
    JniBinder.bind(pkg);
    System.out.println("jni add " + JniDemo.add(2, 3));
    if (Runtime.version().feature() >= 22) {
      // FfmCall is compiled for Java 22 from src/test/java22: called by name.
      Method demoAdd =
          Class.forName("dev.ocipkg.it.FfmCall")
              .getDeclaredMethod("demoAdd", NativePackage.class, int.class, int.class);
      demoAdd.setAccessible(true);
      try {
        System.out.println("ffm add " + demoAdd.invoke(null, pkg, 2, 3));
      } catch (InvocationTargetException e) {
        throw e.getCause();
      }
    }
    try {
      pkg.jna(Runnable.class, "ocipkg_demo");
      System.out.println("jna gave a proxy");
    } catch (RuntimeException e) {
      System.out.println("jna refused: " + e.getClass().getSimpleName() + ": " + e.getMessage());
    }
  }
}
