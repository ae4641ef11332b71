package dev.ocipkg.it;

import dev.ocipkg.NativeLoadException;
import dev.ocipkg.NativeLoader;
import dev.ocipkg.NativePackage;
import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.SymbolLookup;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.nio.file.Path;

/**
 * A fresh JVM that links one library of a package through one front door ({@code jna}, {@code jni}
 * or {@code ffm}) and prints {@code loaded}, or the NativeLoadException's message on one line. A
 * JVM of its own, because the dynamic linker remembers every library a process loaded: a libinner
 * loaded by an earlier test would make a missing dependency look present. Where the library has
 * {@code outer_call}, JNA and FFM call it and print what it returned. Arguments: front door, cache
 * folder, reference, library name.
 */
public final class FrontDoorMain {
  private FrontDoorMain() {}

  public static void main(String[] args) throws Throwable {
    NativePackage pkg = NativeLoader.builder().cacheDir(Path.of(args[1])).build().open(args[2]);
    String name = args[3];
    try {
      switch (args[0]) {
        case "jna" -> {
          Outer outer = pkg.jna(Outer.class, name);
          System.out.println("loaded" + (name.contains("outer") ? " " + outer.outer_call(2) : ""));
        }
        case "jni" -> {
          pkg.loadJni(name, MethodHandles.lookup());
          System.out.println("loaded");
        }
        case "ffm" -> {
          try (Arena arena = Arena.ofConfined()) {
            SymbolLookup lookup = pkg.symbolLookup(name, arena);
            String result = "";
            if (name.contains("outer")) {
              MethodHandle call =
                  Linker.nativeLinker()
                      .downcallHandle(
                          lookup.find("outer_call").orElseThrow(),
                          FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.JAVA_INT));
              result = " " + (int) call.invokeExact(2);
            }
            System.out.println("loaded" + result);
          }
        }
        default -> throw new IllegalArgumentException("unknown front door " + args[0]);
      }
    } catch (NativeLoadException e) {
      System.out.println("NativeLoadException: " + e.getMessage().replace('\n', ' '));
    } catch (RuntimeException | UnsatisfiedLinkError e) {
      System.out.println("uncaught " + e);
    }
  }
}
