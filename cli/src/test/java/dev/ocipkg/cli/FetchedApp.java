package dev.ocipkg.cli;

import com.sun.jna.Library;
import dev.ocipkg.NativeLoader;
import dev.ocipkg.NativePackage;
import java.util.Arrays;
import java.util.List;

/**
 * The application that a fetched cache is for, run as its own JVM: loads each reference of its
 * arguments through the default loader (so {@code ocipkg.cache.dir}, {@code ocipkg.cache.readonly},
 * {@code ocipkg.platform}, {@code ocipkg.tag.ttl} and their variables are read as an application
 * gets them), calls demo_add and prints the package's digest and folder. A last argument {@code
 * open} stops at the package (a foreign platform's library cannot be linked here).
 */
public final class FetchedApp {
  /** The demo library of native-test-libs. */
  public interface Demo extends Library {
    int demo_add(int a, int b);
  }

  private FetchedApp() {}

  public static void main(String[] args) {
    boolean open = args[args.length - 1].equals("open");
    List<String> references = Arrays.asList(args).subList(0, open ? args.length - 1 : args.length);
    for (String reference : references) {
      NativePackage pkg = NativeLoader.load(reference);
      if (open) {
        System.out.println("opened " + pkg.platform() + " " + pkg.digest());
      } else {
        int sum = pkg.jna(Demo.class, "ocipkg_demo").demo_add(2, 3);
        System.out.println(
            "demo_add(2, 3) = " + sum + " from " + pkg.digest() + " in " + pkg.directory());
      }
    }
  }
}
