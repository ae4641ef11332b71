package dev.ocipkg.testlibs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The JVM binds a JNI library file to one class loader: a second loader (a redeployed web
 * application, a plugin) cannot load the same file and needs its own copy. The product's loader
 * must handle this; these tests pin the behaviour down with the real fixture.
 */
class JniClassLoaderTest {

  @Test
  void aSecondClassLoaderCannotLoadTheSameFileButCanLoadACopy(@TempDir Path temp) throws Throwable {
    JniDemo.load(NativeTestLibs.jniDemo());
    URL classes = JniDemo.class.getProtectionDomain().getCodeSource().getLocation();

    try (URLClassLoader second =
        new URLClassLoader(new URL[] {classes}, ClassLoader.getPlatformClassLoader())) {
      Class<?> otherJniDemo = Class.forName(JniDemo.class.getName(), true, second);
      assertThat(otherJniDemo).isNotSameAs(JniDemo.class);
      // Initialising the class loaded nothing: its native methods are not bound yet.
      assertThatThrownBy(() -> invoke(otherJniDemo, "version"))
          .isInstanceOf(UnsatisfiedLinkError.class);

      assertThatThrownBy(() -> invoke(otherJniDemo, "load", NativeTestLibs.jniDemo()))
          .isInstanceOf(UnsatisfiedLinkError.class)
          .hasMessageContaining(NativeTestLibs.jniDemo().toString())
          .hasMessageContaining("already loaded in another classloader");

      Path copy = Files.copy(NativeTestLibs.jniDemo(), temp.resolve("libocipkg_jni_demo.so"));
      invoke(otherJniDemo, "load", copy);

      assertThat(invoke(otherJniDemo, "add", 2, 3)).isEqualTo(5);
      assertThat(invoke(otherJniDemo, "version")).isEqualTo(NativeTestLibs.JNI_DEMO_VERSION);
      assertThat(invoke(otherJniDemo, "onLoadRan")).isEqualTo(true);
    }
  }

  /** Calls a static method of the class and rethrows what the method threw. */
  private static Object invoke(Class<?> type, String name, Object... arguments) throws Throwable {
    Method method =
        switch (name) {
          case "load" -> type.getMethod(name, Path.class);
          case "add" -> type.getMethod(name, int.class, int.class);
          default -> type.getMethod(name);
        };
    try {
      return method.invoke(null, arguments);
    } catch (InvocationTargetException e) {
      throw e.getCause();
    }
  }
}
