package dev.ocipkg.testlibs;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.jna.NativeLibrary;
import org.junit.jupiter.api.Test;

/** The fixtures for load errors fail to load, with the messages that users will meet. */
class UnloadableFixturesTest {

  @Test
  void systemLoadRefusesALibraryForAnotherMachine() {
    String path = NativeTestLibs.wrongArchitecture().toString();

    // glibc's own message for a foreign e_machine is a misleading "No such file or directory";
    // only HotSpot's added hint names the architectures.
    assertThatThrownBy(() -> System.load(path))
        .isInstanceOf(UnsatisfiedLinkError.class)
        .hasMessageContaining(path)
        .hasMessageContaining("can't load");
  }

  @Test
  void jnaRefusesALibraryForAnotherMachine() {
    String path = NativeTestLibs.wrongArchitecture().toString();

    assertThatThrownBy(() -> NativeLibrary.getInstance(path))
        .isInstanceOf(UnsatisfiedLinkError.class)
        .hasMessageContaining(path);
  }

  @Test
  void systemLoadRefusesAFileThatIsNotElf() {
    String path = NativeTestLibs.notElf().toString();

    assertThatThrownBy(() -> System.load(path))
        .isInstanceOf(UnsatisfiedLinkError.class)
        .hasMessageContaining(path)
        .hasMessageContaining("invalid ELF header");
  }

  @Test
  void jnaRefusesAFileThatIsNotElf() {
    String path = NativeTestLibs.notElf().toString();

    assertThatThrownBy(() -> NativeLibrary.getInstance(path))
        .isInstanceOf(UnsatisfiedLinkError.class)
        .hasMessageContaining("invalid ELF header");
  }
}
