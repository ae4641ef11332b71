package dev.ocipkg.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ocipkg.Digest;
import dev.ocipkg.NativeLoadException;
import dev.ocipkg.NativeLoader;
import dev.ocipkg.NativePackage;
import dev.ocipkg.Platform;
import dev.ocipkg.testing.RegistryExtension;
import dev.ocipkg.testing.WrittenLayout;
import dev.ocipkg.testlibs.NativeTestLibs;
import java.lang.reflect.Method;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledForJreRange;
import org.junit.jupiter.api.condition.JRE;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** Pulls the skopeo-pushed demo artifact from a real registry and links it every way. */
class RegistryPullIT {
  @RegisterExtension static final RegistryExtension registry = RegistryExtension.anonymous();

  @TempDir static Path work;
  static WrittenLayout layout;
  static String byTag;

  @TempDir Path cache;

  @BeforeAll
  static void push() throws Exception {
    layout = DemoArtifact.push(registry.server(), "acme/demo", work);
    byTag = registry.reference("acme/demo:" + DemoArtifact.TAG);
  }

  private NativeLoader loader() {
    return NativeLoader.builder().cacheDir(cache).build();
  }

  @Test
  @Tag("java17")
  void pullsByTagAndCallsThroughJna() {
    NativePackage pkg = loader().open(byTag);

    assertThat(pkg.platform()).isEqualTo(Platform.parse("linux/amd64"));
    assertThat(pkg.digest().toString()).isEqualTo(layout.manifest("linux/amd64").digest());
    assertThat(pkg.directory()).startsWith(cache);
    assertThat(pkg.library("ocipkg_demo")).hasFileName("libocipkg_demo.so").isRegularFile();
    Demo demo = pkg.jna(Demo.class, "ocipkg_demo");
    assertThat(demo.demo_add(2, 3)).isEqualTo(5);
    assertThat(demo.demo_version()).isEqualTo(NativeTestLibs.DEMO_VERSION);
  }

  @Test
  @Tag("java17")
  void pullsByDigestOfTheIndex() {
    String byDigest = registry.reference("acme/demo@" + layout.indexDigest());
    NativePackage pkg = loader().open(byDigest);

    assertThat(pkg.digest().toString()).isEqualTo(layout.manifest("linux/amd64").digest());
    assertThat(pkg.reference().digest()).isEqualTo(Digest.parse(layout.indexDigest()));
    assertThat(pkg.jna(Demo.class, "ocipkg_demo").demo_add(40, 2)).isEqualTo(42);
  }

  @Test
  @Tag("java17")
  void keepsTheSonameChainSoOuterFindsInner() throws Exception {
    NativePackage pkg = loader().open(byTag);

    Path dir = pkg.directory();
    assertThat(Files.readSymbolicLink(dir.resolve("libinner.so"))).hasToString("libinner.so.1");
    assertThat(Files.readSymbolicLink(dir.resolve("libinner.so.1")))
        .hasToString("libinner.so.1.0.0");
    assertThat(pkg.library("inner")).hasFileName("libinner.so");
    assertThat(pkg.jna(Outer.class, "outer").outer_call(2)).isEqualTo(42);
    assertThat(pkg.files())
        .contains(
            Path.of("libocipkg_demo.so"),
            Path.of("libouter.so"),
            Path.of("libinner.so.1.0.0"),
            Path.of("libinner.so.1"),
            Path.of("libinner.so"));
  }

  @Test
  @Tag("java17")
  void bindsJniNativeMethodsInTheCallersClassLoaderEvenWhenAnotherLoaderHasTheFile()
      throws Exception {
    NativePackage pkg = loader().open(byTag);
    Set<String> own = Set.of("dev.ocipkg.testlibs.JniDemo", JniBinder.class.getName());

    ClassLoader first = new ChildFirstClassLoader(getClass().getClassLoader(), own);
    Path firstFile = bind(first, pkg);
    ClassLoader second = new ChildFirstClassLoader(getClass().getClassLoader(), own);
    Path secondFile = bind(second, pkg);

    for (ClassLoader loader : new ClassLoader[] {first, second}) {
      Class<?> jniDemo = Class.forName("dev.ocipkg.testlibs.JniDemo", true, loader);
      assertThat(jniDemo.getClassLoader()).isSameAs(loader);
      assertThat(jniDemo.getMethod("add", int.class, int.class).invoke(null, 2, 3)).isEqualTo(5);
      assertThat(jniDemo.getMethod("onLoadRan").invoke(null)).isEqualTo(true);
    }
    assertThat(firstFile).isNotEqualTo(secondFile);
    assertThat(
            Files.isSameFile(firstFile.toRealPath(), pkg.library("ocipkg_jni_demo").toRealPath())
                || Files.mismatch(firstFile, secondFile) == -1)
        .isTrue();
  }

  private static Path bind(ClassLoader loader, NativePackage pkg) throws Exception {
    Method bind =
        Class.forName(JniBinder.class.getName(), true, loader)
            .getMethod("bind", NativePackage.class);
    return (Path) bind.invoke(null, pkg);
  }

  @Test
  @EnabledForJreRange(min = JRE.JAVA_22)
  void callsThroughFfmWithTheCallersArena() throws Throwable {
    NativePackage pkg = loader().open(byTag);
    // FfmCall is compiled for Java 22 from src/test/java22, after this class.
    Method demoAdd =
        Class.forName("dev.ocipkg.it.FfmCall")
            .getDeclaredMethod("demoAdd", NativePackage.class, int.class, int.class);
    demoAdd.setAccessible(true);
    assertThat(demoAdd.invoke(null, pkg, 20, 22)).isEqualTo(42);
  }

  @Test
  @Tag("java17")
  @EnabledForJreRange(max = JRE.JAVA_21)
  void ffmOnOldJavaSaysWhatToDo() {
    NativePackage pkg = loader().open(byTag);
    assertThatThrownBy(() -> pkg.symbolLookup("ocipkg_demo", () -> {}))
        .isInstanceOf(UnsupportedOperationException.class)
        .hasMessageContaining("Java 22")
        .hasMessageContaining("JNA");
  }

  @Test
  @Tag("java17")
  void noMatchingPlatformListsWhatTheIndexOffers() {
    NativeLoader loader =
        NativeLoader.builder().cacheDir(cache).platform("freebsd/riscv64").build();
    assertThatThrownBy(() -> loader.open(byTag))
        .isInstanceOf(NativeLoadException.class)
        .hasMessageContaining("freebsd/riscv64")
        .hasMessageContaining("linux/amd64, linux/arm64, windows/amd64")
        .satisfies(
            e -> assertThat(((NativeLoadException) e).platform()).isEqualTo("freebsd/riscv64"));
    assertThat(cache.resolve("packages")).doesNotExist();
  }

  @Test
  @Tag("java17")
  void aLibraryOfAnotherArchitectureIsNamedAsSuch() {
    NativeLoader arm = NativeLoader.builder().cacheDir(cache).platform("linux/arm64").build();
    NativePackage pkg = arm.open(byTag);
    assertThat(pkg.platform()).isEqualTo(Platform.parse("linux/arm64"));

    assertThatThrownBy(() -> pkg.jna(Demo.class, "ocipkg_demo"))
        .isInstanceOf(NativeLoadException.class)
        .hasMessageContaining("built for arm64")
        .hasMessageContaining("runs on " + Platform.current().architecture());
  }

  @Test
  @Tag("java17")
  void anUnknownLibraryNameListsTheLibrariesInThePackage() {
    NativePackage pkg = loader().open(byTag);
    assertThatThrownBy(() -> pkg.library("nope"))
        .isInstanceOf(NativeLoadException.class)
        .hasMessageContaining("no library \"nope\"")
        .hasMessageContaining("libocipkg_demo.so");
  }

  @Test
  @Tag("java17")
  void aMissingTagIsANotFoundErrorWithTheStatus() {
    assertThatThrownBy(() -> loader().open(registry.reference("acme/demo:missing")))
        .isInstanceOf(NativeLoadException.class)
        .hasMessageContaining("not found")
        .hasMessageContaining("the repository acme/demo exists but has no tag missing (its tags: ")
        .satisfies(e -> assertThat(((NativeLoadException) e).httpStatus()).isEqualTo(404));
  }

  @Test
  void aMissingRepositoryIsNamedAsSuchNotAsAMissingTag() {
    assertThatThrownBy(() -> loader().open(registry.reference("acme/no-such-repo:1.0")))
        .isInstanceOf(NativeLoadException.class)
        .hasMessageContaining(
            "the repository acme/no-such-repo does not exist on " + registry.host());
  }
}
