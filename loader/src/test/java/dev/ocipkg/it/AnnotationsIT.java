package dev.ocipkg.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ocipkg.NativeLoadException;
import dev.ocipkg.NativeLoader;
import java.lang.reflect.Method;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * {@code @NativeImage} with the static API: JNA proxies, and JNI bound from two separate
 * URLClassLoaders (as two deployments in one application server) that each define their own copy of
 * the native class and of ocipkg itself. The default loader's cache is set by the build ({@code
 * ocipkg.cache.dir}).
 */
@Tag("java17")
class AnnotationsIT {
  @BeforeAll
  static void writeLayout() throws Exception {
    Path layouts = Files.createDirectories(Path.of("target/it-layouts"));
    Path demo = layouts.resolve("demo");
    if (!Files.exists(demo.resolve("index.json"))) {
      Path work = Files.createTempDirectory(layouts, "work");
      DemoArtifact.writeLayout(work);
      Files.move(work.resolve("layout"), demo);
    }
  }

  @Test
  void jnaFallsThroughToTheFirstPackageThatLoads() {
    AnnotatedDemo demo = NativeLoader.jna(AnnotatedDemo.class);
    assertThat(demo.demo_add(20, 22)).isEqualTo(42);
  }

  @Test
  void whenEveryPackageFailsTheErrorListsEachAttempt() {
    assertThatThrownBy(() -> NativeLoader.jna(AllMissing.class))
        .isInstanceOf(NativeLoadException.class)
        .hasMessageContaining("no @NativeImage of " + AllMissing.class.getName())
        .hasMessageContaining("1. oci:target/it-layouts/missing-one:1.0")
        .hasMessageContaining("2. oci:target/it-layouts/missing-two:1.0")
        .satisfies(e -> assertThat(e.getSuppressed()).hasSize(2));
  }

  @Test
  void anInterfaceWithoutTheAnnotationIsMisuse() {
    assertThatThrownBy(() -> NativeLoader.jna(Demo.class))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("has no @NativeImage");
  }

  @Test
  void jniBindsInEachOfTwoSeparateUrlClassLoaders() throws Exception {
    URL[] classPath = classPathUrls();
    try (URLClassLoader first =
            new URLClassLoader(classPath, ClassLoader.getPlatformClassLoader());
        URLClassLoader second =
            new URLClassLoader(classPath, ClassLoader.getPlatformClassLoader())) {
      for (ClassLoader loader : List.of(first, second)) {
        Class<?> binder = Class.forName(AnnotatedJniBinder.class.getName(), true, loader);
        assertThat(binder).isNotSameAs(AnnotatedJniBinder.class);
        binder.getMethod("bind").invoke(null);
        Class<?> jniDemo = Class.forName("dev.ocipkg.testlibs.JniDemo", true, loader);
        Method add = jniDemo.getMethod("add", int.class, int.class);
        assertThat(add.invoke(null, 2, 3)).isEqualTo(5);
        assertThat(jniDemo.getMethod("version").invoke(null)).isEqualTo("ocipkg-jni-demo 1.0.0");
      }
    }
  }

  private static URL[] classPathUrls() throws Exception {
    List<URL> urls = new ArrayList<>();
    for (String entry : System.getProperty("java.class.path").split(java.io.File.pathSeparator)) {
      urls.add(Path.of(entry).toUri().toURL());
    }
    return urls.toArray(new URL[0]);
  }
}
