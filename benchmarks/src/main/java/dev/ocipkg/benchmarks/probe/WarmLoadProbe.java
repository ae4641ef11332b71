package dev.ocipkg.benchmarks.probe;

import com.sun.jna.Native;
import dev.ocipkg.NativeLoader;

/**
 * Loads {@code libocipkg_demo} and calls {@code demo_add(2, 3)} once, either through ocipkg or
 * straight from the file, so that two JVM runs on the same class path differ only in how the
 * library is found.
 *
 * <p>Arguments: {@code ocipkg REFERENCE} (the default loader, configured by {@code
 * -Docipkg.cache.dir}) or {@code file PATH} (JNA's {@code Native.load} on the file). Prints {@code
 * sum=5} and {@code load-nanos}, the time from before the load to after the first call.
 */
public final class WarmLoadProbe {
  private WarmLoadProbe() {}

  public static void main(String[] args) {
    long started = System.nanoTime();
    DemoLibrary demo;
    switch (args[0]) {
      case "ocipkg":
        demo = NativeLoader.load(args[1]).jna(DemoLibrary.class, "ocipkg_demo");
        break;
      case "file":
        demo = Native.load(args[1], DemoLibrary.class);
        break;
      default:
        throw new IllegalArgumentException("mode must be ocipkg or file, got \"" + args[0] + "\"");
    }
    int sum = demo.demo_add(2, 3);
    long loadNanos = System.nanoTime() - started;
    if (sum != 5) {
      throw new IllegalStateException("demo_add(2, 3) returned " + sum);
    }
    System.out.println("sum=" + sum + " load-nanos=" + loadNanos);
  }
}
