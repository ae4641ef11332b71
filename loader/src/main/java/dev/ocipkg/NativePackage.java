package dev.ocipkg;

import java.lang.invoke.MethodHandles;
import java.nio.file.Path;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * A package fetched, verified and extracted into the cache: the files of one platform of an OCI
 * artifact. Its files never change while it exists.
 */
public interface NativePackage {
  /** The reference it was loaded from. */
  ImageReference reference();

  /** The digest of the platform manifest whose files these are. */
  Digest digest();

  /**
   * The platform that the artifact names for these files: the platform of its index entry or, where
   * the entry names none (or the reference names a manifest, not an index), the {@code os}, {@code
   * architecture} and {@code variant} of the manifest's image config.
   *
   * <p>Null where the artifact names no platform at all, as in the forms the Rust ocipkg writes (a
   * manifest with an ocipkg config behind a tag, or an index whose entries carry no platform): such
   * a package was taken on trust for the platform wanted (this JVM's, or the configured one). A
   * manifest whose config names another platform than the one wanted is never taken.
   *
   * @return the platform, or null where the artifact does not name one
   */
  @Nullable Platform platform();

  /** The folder holding the files (read-only by convention: the cache never changes it). */
  Path directory();

  /** Every file in the package, relative to {@link #directory()}, sorted. */
  List<Path> files();

  /**
   * The file of library {@code name}: {@code libfoo.so} (or {@code libfoo.so.1}), {@code
   * libfoo.dylib} or {@code foo.dll} for {@code "foo"}; an exact file name also works.
   *
   * <p>The empty name means the package's only library, whatever it is called: names that lead to
   * the same file (a versioned file alone, {@code libsodium.so.23 -> libsodium.so.23.3.0}, a whole
   * {@code libfoo.so -> libfoo.so.1 -> libfoo.so.1.0.0} chain, hard links) are one library. A
   * package of two libraries, say libfoo and its dependency libbar, needs the name; the error then
   * lists both.
   *
   * @throws NativeLoadException naming the libraries the package does have, if there is none
   */
  Path library(String name);

  /**
   * A JNA proxy of {@code libraryInterface} (an interface extending {@code com.sun.jna.Library})
   * bound to library {@code name} of this package.
   */
  <T> T jna(Class<T> libraryInterface, String name);

  /**
   * Loads JNI library {@code name} into the class loader of {@code lookup}'s class, so that its
   * {@code native} methods bind. Pass {@code MethodHandles.lookup()} from that class.
   *
   * @return the file that was loaded (a per-loader copy where another class loader already holds
   *     the package's own file)
   */
  Path loadJni(String name, MethodHandles.Lookup lookup);

  /**
   * A {@code java.lang.foreign.SymbolLookup} of library {@code name} whose lifetime is that of
   * {@code arena} (a {@code java.lang.foreign.Arena}); Java 22 and later.
   *
   * <pre>{@code
   * try (Arena arena = Arena.ofConfined()) {
   *   SymbolLookup lookup = pkg.symbolLookup("foo", arena);
   *   MethodHandle add = Linker.nativeLinker().downcallHandle(lookup.find("foo_add").orElseThrow(), ...);
   * }
   * }</pre>
   *
   * <p>It links as {@link #jna} and {@link #loadJni} do: a dependency that sits beside the library
   * in the package is loaded first (into the same arena), for libraries built without an {@code
   * $ORIGIN} run path, and a library that cannot be opened gives the same {@link
   * NativeLoadException} (not a shared library, another architecture, a missing dependency).
   *
   * <p>Typed generically because this API also runs on Java 17, which has no FFM types: the result
   * is a {@code SymbolLookup}, assigned to whatever the caller declares.
   *
   * @throws NativeLoadException if the library cannot be opened
   * @throws UnsupportedOperationException on Java 17 to 21
   */
  <T> T symbolLookup(String name, AutoCloseable arena);
}
