package dev.ocipkg.testlibs;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class JniDemoTest {

  @BeforeAll
  static void loadLibrary() {
    JniDemo.load(NativeTestLibs.jniDemo());
  }

  @Test
  void callsNativeMethods() {
    assertThat(JniDemo.add(2, 3)).isEqualTo(5);
    assertThat(JniDemo.version()).isEqualTo(NativeTestLibs.JNI_DEMO_VERSION);
  }

  @Test
  void jniOnLoadRan() {
    assertThat(JniDemo.onLoadRan()).isTrue();
  }

  @Test
  void loadingTheSameFileAgainInTheSameClassLoaderIsHarmless() {
    JniDemo.load(NativeTestLibs.jniDemo());

    assertThat(JniDemo.add(-1, 1)).isZero();
  }
}
