package dev.ocipkg.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.io.IOException;
import java.lang.module.Configuration;
import java.lang.module.ModuleFinder;
import java.lang.module.ResolvedModule;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * An application written as a user would write one for the module path: module {@code it.app},
 * which requires the loader and JNA, declares its own JNI class, and loads the demo library through
 * JNA, JNI and, on Java 22+, the FFM API, printing each result. Written into a folder and compiled
 * there by the javac of the running JDK (its FFM calls only where that JDK has the FFM API).
 */
final class ModularApplication {
  static final String MODULE = "it.app";
  static final String MAIN = MODULE + "/it.app.Main";

  /** The modules that need native access, each for its own restricted calls (see README). */
  static final List<String> NATIVE_ACCESS = List.of("dev.ocipkg.loader", "com.sun.jna", MODULE);

  private static final Map<String, String> SOURCES =
      Map.of(
          "module-info.java",
          """
          module it.app {
            requires dev.ocipkg.loader;
            requires com.sun.jna;
          }
          """,
          "it/app/Demo.java",
          """
          package it.app;

          public interface Demo extends com.sun.jna.Library {
            int demo_add(int a, int b);
          }
          """,
          // JNI binds native methods by class name: the JNI demo library's functions are this
          // class's.
          "dev/ocipkg/testlibs/JniDemo.java",
          """
          package dev.ocipkg.testlibs;

          public final class JniDemo {
            private JniDemo() {}

            public static native int add(int a, int b);
          }
          """,
          "it/app/Main.java",
          """
          package it.app;

          import dev.ocipkg.NativeLoader;
          import dev.ocipkg.NativePackage;
          import dev.ocipkg.testlibs.JniDemo;
          import java.lang.invoke.MethodHandles;
          import java.nio.file.Path;

          public final class Main {
            public static void main(String[] args) throws Throwable {
              System.out.println("modules " + Main.class.getModule().getName()
                  + " " + NativeLoader.class.getModule().getName()
                  + " " + com.sun.jna.Native.class.getModule().getName());
              NativePackage pkg =
                  NativeLoader.builder().cacheDir(Path.of(args[0])).build().open(args[1]);
              System.out.println("library " + pkg.library("ocipkg_demo").getFileName());
              System.out.println("jna add " + pkg.jna(Demo.class, "ocipkg_demo").demo_add(2, 3));
              pkg.loadJni("ocipkg_jni_demo", MethodHandles.lookup());
              System.out.println("jni add " + JniDemo.add(2, 3));
              if (Runtime.version().feature() >= 22) {
                // Ffm is compiled only where javac has the FFM API.
                Object sum = Class.forName("it.app.Ffm")
                    .getMethod("add", NativePackage.class, int.class, int.class)
                    .invoke(null, pkg, 2, 3);
                System.out.println("ffm add " + sum);
              }
            }
          }
          """);

  /** The application's FFM calls: written where the running JDK is 22 or later. */
  private static final Map<String, String> FFM_SOURCE =
      Map.of(
          "it/app/Ffm.java",
          """
          package it.app;

          import dev.ocipkg.NativePackage;
          import java.lang.foreign.Arena;
          import java.lang.foreign.FunctionDescriptor;
          import java.lang.foreign.Linker;
          import java.lang.foreign.SymbolLookup;
          import java.lang.foreign.ValueLayout;
          import java.lang.invoke.MethodHandle;

          public final class Ffm {
            private Ffm() {}

            public static int add(NativePackage pkg, int a, int b) throws Throwable {
              try (Arena arena = Arena.ofConfined()) {
                SymbolLookup lookup = pkg.symbolLookup("ocipkg_demo", arena);
                MethodHandle add = Linker.nativeLinker().downcallHandle(
                    lookup.find("demo_add").orElseThrow(),
                    FunctionDescriptor.of(
                        ValueLayout.JAVA_INT, ValueLayout.JAVA_INT, ValueLayout.JAVA_INT));
                return (int) add.invokeExact(a, b);
              }
            }
          }
          """);

  private final Path classes;
  private final List<Path> libraries;

  private ModularApplication(Path classes, List<Path> libraries) {
    this.classes = classes;
    this.libraries = libraries;
  }

  /** Writes the sources under {@code work} and compiles them against {@code libraries}. */
  static ModularApplication compile(Path work, List<Path> libraries) throws IOException {
    Path sourceFolder = work.resolve("app-src");
    List<String> arguments = new ArrayList<>();
    Map<String, String> sources = new HashMap<>(SOURCES);
    if (Runtime.version().feature() >= 22) {
      sources.putAll(FFM_SOURCE);
    }
    for (Map.Entry<String, String> source : sources.entrySet()) {
      Path file = sourceFolder.resolve(source.getKey());
      Files.createDirectories(file.getParent());
      Files.writeString(file, source.getValue());
      arguments.add(file.toString());
    }
    Path classes = work.resolve("app");
    arguments.addAll(0, List.of("-d", classes.toString(), "--module-path", joined(libraries)));
    assertThat(JdkTools.run("javac", arguments)).as("javac's warnings").isEmpty();
    return new ModularApplication(classes, libraries);
  }

  /**
   * The modules of the JDK that resolving this application against its module path selects: what
   * the {@code java} launcher of a full JDK resolves for {@code -m it.app} before it binds
   * services.
   */
  Set<String> jdkModules() {
    ModuleFinder system = ModuleFinder.ofSystem();
    Configuration resolved =
        Configuration.empty()
            .resolve(system, ModuleFinder.of(modulePath().toArray(Path[]::new)), Set.of(MODULE));
    return resolved.modules().stream()
        .map(ResolvedModule::name)
        .filter(name -> system.find(name).isPresent())
        .collect(Collectors.toCollection(TreeSet::new));
  }

  /**
   * Runs the application with the {@code java} of {@code javaHome} (the same feature release as the
   * running one), native access granted to {@code nativeAccess} and, on Java 24+, refused to
   * everyone else ({@code --illegal-native-access=deny}: a module that lacks it fails instead of
   * printing a warning).
   */
  Run run(Path javaHome, List<String> nativeAccess, String... args)
      throws IOException, InterruptedException {
    List<String> command = new ArrayList<>();
    command.add(javaHome.resolve("bin").resolve("java").toString());
    if (Runtime.version().feature() >= 24) {
      command.add("--illegal-native-access=deny");
    }
    command.add("--enable-native-access=" + String.join(",", nativeAccess));
    command.add("--module-path");
    command.add(joined(modulePath()));
    command.add("-m");
    command.add(MAIN);
    command.addAll(List.of(args));
    Path output = Files.createTempFile(classes.getParent(), "run-", ".txt");
    Process process =
        new ProcessBuilder(command)
            .redirectErrorStream(true)
            .redirectOutput(output.toFile())
            .start();
    boolean ended = process.waitFor(60, TimeUnit.SECONDS);
    if (!ended) {
      process.destroyForcibly().waitFor();
    }
    String printed = Files.readString(output);
    assertThat(ended).as("ended within 60 s: " + command + "\n" + printed).isTrue();
    return new Run(process.exitValue(), printed);
  }

  /** What a run printed (standard output and error) and how it ended. */
  record Run(int exitValue, String output) {}

  private List<Path> modulePath() {
    List<Path> path = new ArrayList<>(libraries.size() + 1);
    path.add(classes);
    path.addAll(libraries);
    return path;
  }

  private static String joined(List<Path> path) {
    return path.stream().map(Path::toString).collect(Collectors.joining(File.pathSeparator));
  }
}
