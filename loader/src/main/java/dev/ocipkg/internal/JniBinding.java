package dev.ocipkg.internal;

import dev.ocipkg.NativePackage;
import dev.ocipkg.internal.link.JniLinker;
import java.nio.file.Path;

/**
 * JNI loading for the Java agent, which cannot hand over a caller's lookup: it supplies its own way
 * of calling {@code System.load} from the target class loader.
 */
public final class JniBinding {
  private JniBinding() {}

  /**
   * Loads library {@code name} of {@code pkg} with {@code systemLoad}; a class loader that cannot
   * share the package's file gets its own copy. Returns the file loaded.
   */
  public static Path bind(NativePackage pkg, String name, JniLinker.SystemLoad systemLoad) {
    if (!(pkg instanceof StoredPackage)) {
      throw new IllegalArgumentException("not a package of this loader: " + pkg);
    }
    StoredPackage stored = (StoredPackage) pkg;
    Path bound = JniLinker.load(stored.linkTarget(name), systemLoad, stored.copiesDirectory());
    stored.linked(bound, dev.ocipkg.LoadListener.Linkage.JNI);
    return bound;
  }
}
