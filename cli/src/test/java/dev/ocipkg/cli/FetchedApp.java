package dev.ocipkg.cli;

import com.sun.jna.Library;
import dev.ocipkg.NativeLoader;
import dev.ocipkg.NativePackage;

/**
 * The application that a fetched cache is for, run as its own JVM: loads its reference through the
 * default loader (so {@code ocipkg.cache.dir}, {@code ocipkg.platform}, {@code ocipkg.tag.ttl} are
 * read as an application gets them) and calls demo_add. Arguments: the reference; {@code open} to
 * stop at the package (a foreign platform's library cannot be linked here).
 */
public final class FetchedApp {
  /** The demo library of native-test-libs. */
  public interface Demo extends Library {
    int demo_add(int a, int b);
  }

  private FetchedApp() {}

  public static void main(String[] args) {
    NativePackage pkg = NativeLoader.load(args[0]);
    if (args.length > 1 && args[1].equals("open")) {
      System.out.println("opened " + pkg.platform() + " " + pkg.digest());
      return;
    }
    int sum = pkg.jna(Demo.class, "ocipkg_demo").demo_add(2, 3);
    System.out.println("demo_add(2, 3) = " + sum + " from " + pkg.digest());
  }
}
