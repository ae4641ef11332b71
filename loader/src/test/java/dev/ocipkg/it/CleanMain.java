package dev.ocipkg.it;

import dev.ocipkg.internal.store.ContentStore;
import java.nio.file.Path;

/**
 * A separate JVM that cleans a cache's abandoned work, as a second container sharing the cache
 * volume does when it loads. Argument: cache folder.
 */
public final class CleanMain {
  private CleanMain() {}

  public static void main(String[] args) {
    new ContentStore(Path.of(args[0])).cleanAbandonedTemps();
    System.out.println("cleaned " + args[0] + " as pid " + ProcessHandle.current().pid());
  }
}
