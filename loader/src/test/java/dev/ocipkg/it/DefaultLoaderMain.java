package dev.ocipkg.it;

import dev.ocipkg.NativeLoadException;
import dev.ocipkg.NativeLoader;

/**
 * A separate JVM whose environment configures the default loader: calls the static API three times
 * and {@link NativeLoader#builder()} once, and prints one line per call saying what it threw.
 * Argument: the reference to load.
 */
public final class DefaultLoaderMain {
  private DefaultLoaderMain() {}

  public static void main(String[] args) {
    for (int i = 0; i < 3; i++) {
      report(() -> NativeLoader.load(args[0]));
    }
    report(NativeLoader::builder);
  }

  private static void report(Runnable call) {
    try {
      call.run();
      System.out.println("no error");
    } catch (NativeLoadException e) {
      System.out.println("NativeLoadException: " + e.getMessage().replace('\n', ' '));
    } catch (Throwable t) {
      System.out.println("uncaught " + t.getClass().getName() + ": " + t.getMessage());
    }
  }
}
