package dev.ocipkg.demo;

import dev.ocipkg.NativePackage;
import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.SymbolLookup;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;

/** The FFM half of the demo; compiled for Java 22 and only loaded there. */
public final class ForeignDemo {
  private ForeignDemo() {}

  public static int demoAdd(NativePackage pkg, int a, int b) throws Throwable {
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
