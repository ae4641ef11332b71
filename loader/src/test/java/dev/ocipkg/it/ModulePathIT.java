package dev.ocipkg.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ocipkg.testing.WrittenLayout;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The loader as a named module: an application module ({@link ModularApplication}) runs with {@code
 * java --module-path <the loader jar and its runtime dependencies> -m it.app/it.app.Main} and loads
 * the demo library from an OCI layout through JNA, JNI and the FFM API (JNA and JNI where the
 * java17-tagged tests run on Java 17). What the module descriptor gets wrong shows here and nowhere
 * else (the other tests run on the class path): a missing {@code requires}, a package not exported
 * or opened, a native access grant that is not enough. The application prints exactly its results:
 * a JVM warning (an unknown module named to {@code --enable-native-access}, say) fails the test
 * too.
 *
 * <p>Native access is refused to every module not granted it ({@code
 * --illegal-native-access=deny}): the loader needs it for the FFM lookup it opens, JNA for its own
 * natives, and the application for its JNI (the loader calls {@code System.load} through the
 * application's lookup, as the application; the native methods are its own) and its FFM downcalls.
 *
 * <p>The jlink variant. jlink refuses automatic modules, and one of the loader's libraries is
 * automatic (JNA), so neither the loader nor the application can be linked into an image. The image
 * holds what can be: the JDK modules that resolving the application against its module path
 * selects: java.base, and what the loader and its explicit dependencies require, java.logging
 * (Commons Compress) and java.desktop (Commons Compress and Lang) with java.datatransfer,
 * java.prefs and java.xml; jdeps finds that JNA uses nothing beyond those. The same application
 * then runs from the module path on that image; the test checks that the image holds those modules
 * and no others.
 */
class ModulePathIT {
  private static final List<String> LINKED_THREE_WAYS =
      List.of(
          "modules it.app dev.ocipkg.loader com.sun.jna",
          "library libocipkg_demo.so",
          "jna add 5",
          "jni add 5",
          "ffm add 5");

  @TempDir static Path work;
  private static ModularApplication application;
  private static String[] arguments;

  @BeforeAll
  static void compileTheApplicationAndWriteTheLayout() throws IOException {
    application = ModularApplication.compile(work, loaderModulePath());
    WrittenLayout layout = DemoArtifact.writeLayout(work);
    arguments =
        new String[] {
          work.resolve("cache").toString(), "oci:" + layout.directory() + ":" + DemoArtifact.TAG
        };
  }

  @Test
  @Tag("java17")
  void runsAsANamedModuleLinkingThroughJnaJniAndFfm() throws Exception {
    ModularApplication.Run run =
        application.run(runningJdk(), ModularApplication.NATIVE_ACCESS, arguments);

    assertLinkedThreeWays(run);
  }

  /**
   * README's --enable-native-access list is exactly what is needed: each entry is. Java 24+ (not
   * tagged java17): before it, a missing grant is not refused.
   */
  @ParameterizedTest
  @ValueSource(strings = {"dev.ocipkg.loader", "com.sun.jna", ModularApplication.MODULE})
  void everyModuleOfTheNativeAccessListNeedsIt(String left) throws Exception {
    List<String> nativeAccess = new ArrayList<>(ModularApplication.NATIVE_ACCESS);
    nativeAccess.remove(left);

    ModularApplication.Run run = application.run(runningJdk(), nativeAccess, arguments);

    assertThat(run.exitValue()).as(run.output()).isNotZero();
    assertThat(run.output()).contains("Illegal native access from module " + left + " ");
  }

  @Test
  @Tag("java17")
  void runsOnARuntimeImageOfTheJdkModulesItResolves() throws Exception {
    Set<String> jdkModules = application.jdkModules();
    Path image = work.resolve("image");

    jlink(jdkModules, image);
    ModularApplication.Run run =
        application.run(image, ModularApplication.NATIVE_ACCESS, arguments);

    assertThat(modulesOf(image)).isEqualTo(jdkModules);
    assertThat(jdkModules).contains("java.base").doesNotContain("jdk.compiler", "jdk.jlink");
    assertLinkedThreeWays(run);
  }

  /** JNA, JNI and FFM; before Java 22 (no FFM API), JNA and JNI. */
  private static void assertLinkedThreeWays(ModularApplication.Run run) {
    List<String> expected =
        Runtime.version().feature() >= 22
            ? LINKED_THREE_WAYS
            : LINKED_THREE_WAYS.subList(0, LINKED_THREE_WAYS.size() - 1);
    assertThat(run.exitValue()).as(run.output()).isZero();
    assertThat(run.output().lines()).containsExactlyElementsOf(expected);
  }

  private static Path runningJdk() {
    return Path.of(System.getProperty("java.home"));
  }

  /** The loader jar and the jars of its runtime dependencies, as the build lists them. */
  private static List<Path> loaderModulePath() throws IOException {
    List<Path> path = new ArrayList<>();
    path.add(Path.of(requiredProperty("ocipkg.it.loader.jar")));
    Arrays.stream(
            Files.readString(Path.of(requiredProperty("ocipkg.it.runtime.module.path")))
                .strip()
                .split(File.pathSeparator))
        .map(Path::of)
        .forEach(path::add);
    return path;
  }

  private static String requiredProperty(String name) {
    String value = System.getProperty(name);
    assertThat(value).as(name + " (set by the loader's failsafe configuration)").isNotBlank();
    return value;
  }

  private static void jlink(Set<String> modules, Path image) {
    JdkTools.run(
        "jlink",
        List.of(
            "--add-modules",
            String.join(",", modules),
            "--no-header-files",
            "--no-man-pages",
            "--output",
            image.toString()));
  }

  /** The modules of a runtime image, as its {@code release} file lists them. */
  private static Set<String> modulesOf(Path image) throws IOException {
    String modules =
        Files.readAllLines(image.resolve("release")).stream()
            .filter(line -> line.startsWith("MODULES="))
            .findFirst()
            .orElseThrow()
            .substring("MODULES=".length());
    return Arrays.stream(modules.replace("\"", "").split(" "))
        .collect(Collectors.toCollection(TreeSet::new));
  }
}
