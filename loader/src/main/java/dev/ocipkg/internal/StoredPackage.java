package dev.ocipkg.internal;

import dev.ocipkg.Digest;
import dev.ocipkg.ImageReference;
import dev.ocipkg.LoadListener;
import dev.ocipkg.NativeLoadException;
import dev.ocipkg.NativePackage;
import dev.ocipkg.Platform;
import dev.ocipkg.internal.io.ForeignText;
import dev.ocipkg.internal.link.ForeignLinker;
import dev.ocipkg.internal.link.JnaLinker;
import dev.ocipkg.internal.link.JniLinker;
import dev.ocipkg.internal.link.LibraryNames;
import dev.ocipkg.internal.link.LinkTarget;
import dev.ocipkg.internal.link.PackageLibraries;
import dev.ocipkg.internal.store.ContentStore;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.invoke.MethodHandles;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.jspecify.annotations.Nullable;

/** A package in the content store. Cheap to create: it only names a folder. */
final class StoredPackage implements NativePackage {
  /** How many libraries an error lists before it says how many more there are. */
  private static final int MAX_LISTED = 20;

  /**
   * What a resolution record holds where the artifact names no platform (a record always holds
   * one): BuildKit's spelling for entries of no platform, which the matcher never chooses.
   */
  private static final Platform UNDECLARED = Platform.of("unknown", "unknown", null);

  private final ImageReference reference;
  private final Digest digest;

  /** The platform the artifact names for these files, or null where it names none. */
  private final @Nullable Platform platform;

  /** The platform the files are used as: the one named, else the one they were loaded for. */
  private final Platform target;

  private final Path directory;
  private final ContentStore writable;
  private final String source;
  private final LoadEvents events;
  private final ConcurrentHashMap<String, Path> libraries = new ConcurrentHashMap<>();

  StoredPackage(
      ImageReference reference,
      Digest digest,
      Platform recordedPlatform,
      Platform wanted,
      Path directory,
      ContentStore writable,
      LoadEvents events) {
    this.events = events;
    this.reference = reference;
    this.digest = digest;
    this.platform = recordedPlatform.equals(UNDECLARED) ? null : recordedPlatform;
    this.target = platform != null ? platform : wanted;
    this.directory = directory;
    this.writable = writable;
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

  /** The platform as a resolution record keeps it, where {@code platform} may be null. */
  static Platform recorded(@Nullable Platform platform) {
    return platform != null ? platform : UNDECLARED;
  }

  @Override
  public @Nullable Platform platform() {
    return platform;
  }

  /** The platform for messages: the one named, or that none is. */
  private String describePlatform() {
    return platform != null ? platform.toString() : "none named (loaded for " + target + ")";
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
    Path known = libraries.get(name);
    if (known != null) {
      return known;
    }
    try {
      Path file;
      if (name.isEmpty()) {
        file = directory.resolve(onlyLibrary().name());
      } else {
        Optional<Path> found = LibraryNames.find(directory, name, target.os());
        if (found.isEmpty()) {
          throw noSuchLibrary(name);
        }
        file = found.get();
      }
      if (!file.toRealPath().startsWith(directory.toRealPath())) {
        // The extractor keeps links inside the package; this guards a store altered afterwards.
        throw NativeLoadException.builder(
                "library \"" + name + "\" resolves outside its package: " + file.toRealPath())
            .reference(reference.toString())
            .registry(source)
            .platform(describePlatform())
            .hint("the cache was changed by hand; remove " + directory + " and load again")
            .build();
      }
      libraries.put(name, file);
      return file;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot search the package in " + directory, e);
    }
  }

  /**
   * The package's one library, whatever its names: links to one file (a SONAME chain, a versioned
   * name) are one library, a library and its dependency are two.
   */
  private PackageLibraries.Library onlyLibrary() throws IOException {
    List<PackageLibraries.Library> found = PackageLibraries.in(directory, target.os());
    if (found.size() == 1) {
      return found.get(0);
    }
    StringBuilder problem = new StringBuilder();
    String hint;
    if (found.isEmpty()) {
      problem.append("the package holds no library for ").append(target.os());
      hint = "check the reference; its files are " + printable(files().toString());
    } else {
      problem
          .append("the package holds ")
          .append(found.size())
          .append(" libraries, so the library must be named: ");
      StringBuilder names = new StringBuilder();
      for (int i = 0; i < found.size() && i < MAX_LISTED; i++) {
        problem.append(i == 0 ? "" : ", ").append(printable(found.get(i).toString()));
        names.append(i == 0 ? "" : ", ").append('"').append(found.get(i).shortName()).append('"');
      }
      if (found.size() > MAX_LISTED) {
        problem.append(" and ").append(found.size() - MAX_LISTED).append(" more");
      }
      String first = found.get(0).shortName();
      hint =
          "name one of "
              + printable(names.toString())
              + ": @NativeImage(value = \""
              + reference
              + "\", library = \""
              + printable(first)
              + "\") or library(\""
              + printable(first)
              + "\")";
    }
    throw NativeLoadException.builder(problem.toString())
        .reference(reference.toString())
        .registry(source)
        .platform(describePlatform())
        .hint(hint)
        .build();
  }

  private static String printable(String text) {
    return ForeignText.escape(text, 2_000);
  }

  private NativeLoadException noSuchLibrary(String name) {
    List<String> libraries;
    try {
      libraries = LibraryNames.librariesIn(directory, target.os());
    } catch (IOException e) {
      libraries = List.of();
    }
    return NativeLoadException.builder(
            "no library \""
                + name
                + "\" in the package; it has "
                + (libraries.isEmpty() ? "no libraries" : printable(libraries.toString())))
        .reference(reference.toString())
        .registry(source)
        .platform(describePlatform())
        .hint("use one of the names above (without lib prefix and suffix, or the exact file name)")
        .build();
  }

  @Override
  public <T> T jna(Class<T> libraryInterface, String name) {
    LinkTarget target = linkTarget(name);
    try {
      T proxy = JnaLinker.proxy(target, libraryInterface, Map.of());
      if (events.listening()) { // naming the enum loads it
        events.linked(reference, target.file(), LoadListener.Linkage.JNA);
      }
      return proxy;
    } catch (NativeLoadException e) {
      throw events.failed(reference, e);
    }
  }

  @Override
  public Path loadJni(String name, MethodHandles.Lookup lookup) {
    LinkTarget target = linkTarget(name);
    try {
      Path bound = JniLinker.load(target, lookup, copiesDirectory());
      if (events.listening()) {
        events.linked(reference, bound, LoadListener.Linkage.JNI);
      }
      return bound;
    } catch (NativeLoadException e) {
      throw events.failed(reference, e);
    }
  }

  @Override
  public <T> T symbolLookup(String name, AutoCloseable arena) {
    LinkTarget target = linkTarget(name);
    try {
      @SuppressWarnings("unchecked")
      T lookup = (T) ForeignLinker.libraryLookup(target, arena);
      if (events.listening()) {
        events.linked(reference, target.file(), LoadListener.Linkage.FFM);
      }
      return lookup;
    } catch (NativeLoadException e) {
      throw events.failed(reference, e);
    }
  }

  /** Where a second class loader's copy of this package goes, in the writable cache. */
  Path copiesDirectory() {
    try {
      return writable.loadersDirectory().resolve(digest.hex());
    } catch (IOException e) {
      throw events.failed(
          reference,
          NativeLoadException.builder(
                  "cannot make the cache folder "
                      + writable.root()
                      + " for a copy of "
                      + reference
                      + " that another class loader links: "
                      + e.getMessage())
              .reference(reference.toString())
              .hint("make the folder writable, or set ocipkg.cache.dir to one that is")
              .cause(e)
              .build());
    }
  }

  /** The link target of library {@code name}; a failure to find it reported as a failed load. */
  LinkTarget linkTarget(String name) {
    try {
      return target(name);
    } catch (NativeLoadException e) {
      throw events.failed(reference, e);
    }
  }

  /** Reports a link made outside this class (JNI bound into another class loader). */
  void linked(Path file, LoadListener.Linkage linkage) {
    events.linked(reference, file, linkage);
  }

  private LinkTarget target(String name) {
    return new LinkTarget(library(name), directory, reference.toString(), source, target);
  }

  @Override
  public String toString() {
    return reference + " (" + describePlatform() + ", " + digest + ") in " + directory;
  }
}
