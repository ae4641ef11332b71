package dev.ocipkg.internal.link;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Links a library whose dependencies sit beside it in the package. Libraries built with an {@code
 * $ORIGIN} rpath find them on their own; for those without one, a dependency that the dynamic
 * linker reports missing is looked up in the package, loaded first (the dynamic linker then matches
 * it by SONAME), and the library is tried again. The warm path pays nothing for this: the package
 * is searched only after a failure.
 */
final class DependencyPreloader {
  private static final int MAX_DEPENDENCIES = 32;

  /** One way of linking a file: JNA, {@code System.load} in the caller's loader, FFM. */
  @FunctionalInterface
  interface Linker<T> {
    T link(Path file) throws Throwable;
  }

  private DependencyPreloader() {}

  static <T> T link(LinkTarget target, Linker<T> linker, Linker<?> preload) {
    try {
      return linker.link(target.file());
    } catch (UnsatisfiedLinkError | IllegalArgumentException e) {
      return retry(target, e, linker, preload);
    } catch (RuntimeException | Error e) {
      throw e;
    } catch (Throwable t) {
      throw new IllegalStateException("unexpected failure linking " + target.file(), t);
    }
  }

  /**
   * {@link #link} after its first attempt failed with {@code failure}: for a caller that made that
   * attempt itself, so that a library that links at once loads neither this class nor a {@link
   * Linker}.
   */
  static <T> T retry(LinkTarget target, Throwable failure, Linker<T> linker, Linker<?> preload) {
    Set<String> preloaded = new HashSet<>();
    Throwable e = failure;
    while (true) {
      String dependency = LinkFailures.missingDependency(e, target.file());
      Optional<Path> inPackage =
          dependency == null ? Optional.empty() : findInPackage(target.packageDir(), dependency);
      if (inPackage.isEmpty()
          || preloaded.size() >= MAX_DEPENDENCIES
          || !preloaded.add(dependency)) {
        throw LinkFailures.explain(e, target);
      }
      try {
        preload.link(inPackage.get());
      } catch (Throwable nested) {
        throw LinkFailures.explain(
            nested,
            new LinkTarget(
                inPackage.get(),
                target.packageDir(),
                target.reference(),
                target.source(),
                target.platform()));
      }
      try {
        return linker.link(target.file());
      } catch (UnsatisfiedLinkError | IllegalArgumentException again) {
        e = again;
      } catch (RuntimeException | Error again) {
        throw again;
      } catch (Throwable t) {
        throw new IllegalStateException("unexpected failure linking " + target.file(), t);
      }
    }
  }

  private static Optional<Path> findInPackage(Path packageDir, String fileName) {
    try (Stream<Path> files = Files.walk(packageDir)) {
      return files.filter(p -> p.getFileName().toString().equals(fileName)).findFirst();
    } catch (IOException e) {
      return Optional.empty();
    }
  }
}
