package dev.ocipkg.internal.link;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.invoke.MethodHandles;
import java.nio.file.Path;

/**
 * Links a JNI library into the class loader of the caller's class, so that the caller's {@code
 * native} methods bind to it.
 *
 * <p>{@code System.load} binds a library to the loader of the class that calls it. Called from here
 * it would bind to the loader of ocipkg itself; called from a class defined through the caller's
 * full-privilege {@link MethodHandles.Lookup} ({@link CallerSystemLoad}), it binds to the caller's.
 *
 * <p>The JVM refuses one file in two class loaders ("already loaded in another classloader", what
 * users meet on redeploy). Then the second loader gets its own hard-linked copy of the package
 * ({@link LoaderCopies}); the file contents are the same, the path is not.
 */
public final class JniLinker {
  private static final String IN_ANOTHER_LOADER = "already loaded in another classloader";
  private static final int MAX_COPIES = 256;

  private JniLinker() {}

  /** Loads {@code target} into the loader of {@code lookup}'s class; returns the file loaded. */
  public static Path load(LinkTarget target, MethodHandles.Lookup lookup, Path copiesDir) {
    return load(target, new CallerSystemLoad(lookup), copiesDir);
  }

  /**
   * {@code System.load} as called from a class of the target class loader: through a lookup, or
   * (the Java agent) through a small class defined in that loader.
   */
  @FunctionalInterface
  public interface SystemLoad {
    void load(String absolutePath) throws Throwable;
  }

  /**
   * Loads {@code target} with {@code systemLoad}, giving the loader its own copy of the package
   * where another class loader already holds the package's file; returns the file loaded.
   */
  public static Path load(LinkTarget target, SystemLoad systemLoad, Path copiesDir) {
    DependencyPreloader.Linker<Path> linker =
        new DependencyPreloader.Linker<Path>() {
          @Override
          public Path link(Path file) throws Throwable {
            systemLoad.load(file.toString());
            return file;
          }
        };
    LinkTarget current = target;
    for (int copy = 0; ; copy++) {
      try {
        DependencyPreloader.link(current, linker, linker);
        return current.file();
      } catch (dev.ocipkg.NativeLoadException e) {
        Throwable cause = e.getCause();
        boolean inAnotherLoader =
            cause instanceof UnsatisfiedLinkError
                && String.valueOf(cause.getMessage()).contains(IN_ANOTHER_LOADER);
        if (!inAnotherLoader || copy >= MAX_COPIES) {
          throw e;
        }
        try {
          current = LoaderCopies.copy(target, copiesDir, copy);
        } catch (IOException io) {
          // The copies go in the writable cache even for a package served from a read-only one.
          throw new UncheckedIOException(
              "cannot make a copy of "
                  + target.file().getFileName()
                  + " for another class loader in "
                  + copiesDir
                  + " ("
                  + io
                  + "): each class loader that loads a JNI library needs its own copy, made in"
                  + " the writable cache; set ocipkg.cache.dir / OCIPKG_CACHE_DIR to a folder"
                  + " this user can write (a read-only cache goes in ocipkg.cache.readonly)",
              io);
        }
      }
    }
  }
}
