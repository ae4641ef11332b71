package dev.ocipkg.it;

import dev.ocipkg.NativeLoader;
import dev.ocipkg.NativePackage;
import java.lang.reflect.InvocationTargetException;
import java.nio.file.Path;
import java.util.Set;

/**
 * A separate JVM, run as another user by {@link ReadOnlyCacheIT}: configured only from system
 * properties, opens the reference of its argument and binds its JNI library in two class loaders,
 * so that the second needs its own copy of the package; prints each file bound. A failure prints
 * its message and exits with 3.
 */
public final class ReadOnlyJniMain {
  private ReadOnlyJniMain() {}

  public static void main(String[] args) throws Exception {
    NativePackage pkg = NativeLoader.builder().build().open(args[0]);
    Set<String> own = Set.of("dev.ocipkg.testlibs.JniDemo", JniBinder.class.getName());
    for (int i = 0; i < 2; i++) {
      ClassLoader loader = new ChildFirstClassLoader(ReadOnlyJniMain.class.getClassLoader(), own);
      try {
        Object file =
            Class.forName(JniBinder.class.getName(), true, loader)
                .getMethod("bind", NativePackage.class)
                .invoke(null, pkg);
        System.out.println("jni " + (Path) file);
      } catch (InvocationTargetException e) {
        System.out.println("failed: " + e.getCause());
        System.exit(3);
      }
    }
  }
}
