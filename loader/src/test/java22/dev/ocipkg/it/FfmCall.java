package dev.ocipkg.it;

import dev.ocipkg.NativePackage;
import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.SymbolLookup;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;

/** Calls demo_add through the FFM API: compiled only where the test sources target Java 22+. */
final class FfmCall {
  private FfmCall() {}

  static int demoAdd(NativePackage pkg, int a, int b) throws Throwable {
    try (Arena arena = Arena.ofConfined()) {
      SymbolLookup lookup = pkg.symbolLookup("ocipkg_demo", arena);
      MethodHandle add =
          Linker.nativeLinker()
              .downcallHandle(
                  lookup.find("demo_add").orElseThrow(),
                  FunctionDescriptor.of(
                      ValueLayout.JAVA_INT, ValueLayout.JAVA_INT, ValueLayout.JAVA_INT));
      return (int) add.invokeExact(a, b);
    }
  }
}
