package dev.ocipkg.testlibs;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.jna.Native;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JnaLoadingTest {

  @Test
  void callsTheDemoLibrary() {
    DemoLibrary demo = Native.load(NativeTestLibs.demo().toString(), DemoLibrary.class);

    assertThat(demo.demo_add(2, 3)).isEqualTo(5);
    assertThat(demo.demo_version()).isEqualTo(NativeTestLibs.DEMO_VERSION);
    assertThat(demo.demo_sum_bytes(new byte[] {1, 2, (byte) 255}, 3)).isEqualTo(258);
  }

  @Test
  void systemLoadAcceptsALibraryWithoutJniOnLoad() {
    System.load(NativeTestLibs.demo().toString());
  }

  @Test
  void outerFindsInnerNextToItThroughOrigin() {
    // No search path holds the temporary folder: only RUNPATH $ORIGIN leads to libinner.so.1.
    OuterLibrary outer = Native.load(NativeTestLibs.outer().toString(), OuterLibrary.class);

    assertThat(outer.outer_call(2)).isEqualTo(42);
  }

  @Test
  void aCopiedPackageLoadsFromItsNewFolder(@TempDir Path target) throws Exception {
    NativeTestLibs.copyPackageTo(target);

    OuterLibrary outer = Native.load(target.resolve("libouter.so").toString(), OuterLibrary.class);

    assertThat(outer.outer_call(-40)).isZero();
  }
}
