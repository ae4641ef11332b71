package dev.ocipkg.internal;

import dev.ocipkg.Digest;
import dev.ocipkg.ImageReference;
import dev.ocipkg.NativeLoadException;
import dev.ocipkg.NativePackage;
import dev.ocipkg.Platform;
import dev.ocipkg.internal.link.ForeignLinker;
import dev.ocipkg.internal.link.JnaLinker;
import dev.ocipkg.internal.link.JniLinker;
import dev.ocipkg.internal.link.LibraryNames;
import dev.ocipkg.internal.link.LinkTarget;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.invoke.MethodHandles;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;

/** A package in the content store. Cheap to create: it only names a folder. */
final class StoredPackage implements NativePackage {
  private final ImageReference reference;
  private final Digest digest;
  private final Platform platform;
  private final Path directory;
  private final Path copiesDirectory;
  private final String source;
  private final ConcurrentHashMap<String, Path> libraries = new ConcurrentHashMap<>();

  StoredPackage(
      ImageReference reference,
      Digest digest,
      Platform platform,
      Path directory,
      Path copiesDirectory) {
    this.reference = reference;
    this.digest = digest;
    this.platform = platform;
    this.directory = directory;
    this.copiesDirectory = copiesDirectory;
    this.source = reference.source();
  }

  @Override
  public ImageReference reference() {
    return reference;
  }

  @Override
  public Digest digest() {
    return digest;
  }

  @Override
  public Platform platform() {
    return platform;
  }

  @Override
  public Path directory() {
    return directory;
  }

  @Override
  public List<Path> files() {
    try {
      List<Path> files = new ArrayList<>();
      for (Path p : LibraryNames.filesIn(directory)) {
        files.add(directory.relativize(p));
      }
      Collections.sort(files);
      return files;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list the package in " + directory, e);
    }
  }

  @Override
  public Path library(String name) {
    if (name.isEmpty()) {
      return onlyLibrary();
    }
    Path known = libraries.get(name);
    if (known != null) {
      return known;
    }
    try {
      Optional<Path> found = LibraryNames.find(directory, name, platform.os());
      if (found.isEmpty()) {
        throw noSuchLibrary(name);
      }
      Path file = found.get();
      if (!file.toRealPath().startsWith(directory.toRealPath())) {
        // The extractor keeps links inside the package; this guards a store altered afterwards.
        throw NativeLoadException.builder(
                "library \"" + name + "\" resolves outside its package: " + file.toRealPath())
            .reference(reference.toString())
            .registry(source)
            .platform(platform.toString())
            .hint("the cache was changed by hand; remove " + directory + " and load again")
            .build();
      }
      libraries.put(name, file);
      return file;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot search the package in " + directory, e);
    }
  }

  /** The package's one library, whatever its name; its versioned links count as the same one. */
  private Path onlyLibrary() {
    List<String> libraries;
    try {
      libraries = LibraryNames.librariesIn(directory, platform.os());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot search the package in " + directory, e);
    }
    Set<String> distinct = new TreeSet<>();
    for (String library : libraries) {
      distinct.add(LibraryNames.baseName(library));
    }
    if (distinct.size() != 1) {
      throw NativeLoadException.builder(
              "the package has "
                  + (distinct.isEmpty() ? "no libraries" : "several libraries " + libraries)
                  + ", so the library must be named")
          .reference(reference.toString())
          .registry(source)
          .platform(platform.toString())
          .hint("name it: @NativeImage(library = \"...\") or library(\"...\")")
          .build();
    }
    return library(Path.of(distinct.iterator().next()).getFileName().toString());
  }

  private NativeLoadException noSuchLibrary(String name) {
    List<String> libraries;
    try {
      libraries = LibraryNames.librariesIn(directory, platform.os());
    } catch (IOException e) {
      libraries = List.of();
    }
    return NativeLoadException.builder(
            "no library \""
                + name
                + "\" in the package; it has "
                + (libraries.isEmpty() ? "no libraries" : libraries))
        .reference(reference.toString())
        .registry(source)
        .platform(platform.toString())
        .hint("use one of the names above (without lib prefix and suffix, or the exact file name)")
        .build();
  }

  @Override
  public <T> T jna(Class<T> libraryInterface, String name) {
    return JnaLinker.proxy(target(name), libraryInterface, Map.of());
  }

  @Override
  public Path loadJni(String name, MethodHandles.Lookup lookup) {
    return JniLinker.load(target(name), lookup, copiesDirectory);
  }

  @Override
  public <T> T symbolLookup(String name, AutoCloseable arena) {
    Path file = library(name);
    @SuppressWarnings("unchecked")
    T lookup = (T) ForeignLinker.libraryLookup(file, arena);
    return lookup;
  }

  Path copiesDirectory() {
    return copiesDirectory;
  }

  LinkTarget linkTarget(String name) {
    return target(name);
  }

  private LinkTarget target(String name) {
    return new LinkTarget(library(name), directory, reference.toString(), source, platform);
  }

  @Override
  public String toString() {
    return reference + " (" + platform + ", " + digest + ") in " + directory;
  }
}
