package dev.ocipkg.internal.link;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SymbolLookup;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.nio.file.Path;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * Asks the dynamic linker why a library does not open: {@code dlopen} it once more and read {@code
 * dlerror()}. The FFM API drops that text ({@code SymbolLookup.libraryLookup} throws "Cannot open
 * library"), yet it is the only place that names a missing dependency. Used only after a failure,
 * so the warm path never pays for it; where there is no {@code dlopen} (Windows) it knows nothing.
 */
final class DynamicLinkerReason {
  /** {@code RTLD_NOW}, 2 on Linux and macOS: resolve every symbol, as the failed open did. */
  private static final int RTLD_NOW = 2;

  /** dlerror's text is a line or two; the bound only guards a string without its terminator. */
  private static final long MAX_MESSAGE_BYTES = 4096;

  private DynamicLinkerReason() {}

  /** The dynamic linker's reason that {@code file} does not open, or null if it does not say. */
  static @Nullable String whyNotOpened(Path file) {
    Linker linker = Linker.nativeLinker();
    SymbolLookup libc = linker.defaultLookup();
    Optional<MemorySegment> dlopen = libc.find("dlopen");
    Optional<MemorySegment> dlerror = libc.find("dlerror");
    Optional<MemorySegment> dlclose = libc.find("dlclose");
    if (dlopen.isEmpty() || dlerror.isEmpty() || dlclose.isEmpty()) {
      return null;
    }
    try (Arena arena = Arena.ofConfined()) {
      MethodHandle open =
          linker.downcallHandle(
              dlopen.get(),
              FunctionDescriptor.of(
                  ValueLayout.ADDRESS, ValueLayout.ADDRESS, ValueLayout.JAVA_INT));
      MethodHandle error =
          linker.downcallHandle(dlerror.get(), FunctionDescriptor.of(ValueLayout.ADDRESS));
      MethodHandle close =
          linker.downcallHandle(
              dlclose.get(), FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.ADDRESS));
      MemorySegment handle =
          (MemorySegment) open.invokeExact(arena.allocateFrom(file.toString()), RTLD_NOW);
      if (!handle.equals(MemorySegment.NULL)) {
        // It opened this time (a dependency arrived meanwhile): nothing to explain.
        int ignored = (int) close.invokeExact(handle);
        return null;
      }
      MemorySegment message = (MemorySegment) error.invokeExact();
      return message.equals(MemorySegment.NULL)
          ? null
          : message.reinterpret(MAX_MESSAGE_BYTES).getString(0);
    } catch (Throwable t) {
      // An explanation that fails leaves the plain "Cannot open library" error.
      return null;
    }
  }
}
