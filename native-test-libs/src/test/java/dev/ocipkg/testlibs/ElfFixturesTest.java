package dev.ocipkg.testlibs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The fixtures have the ELF properties that the tests of other modules rely on. */
class ElfFixturesTest {

  @Test
  void loadableLibrariesAreBuiltForThisMachine() throws IOException {
    int host = hostMachine();

    for (Path library :
        List.of(
            NativeTestLibs.demo(),
            NativeTestLibs.jniDemo(),
            NativeTestLibs.outer(),
            NativeTestLibs.inner())) {
      assertThat(ElfFile.read(library).machine()).as("%s", library).isEqualTo(host);
    }
  }

  @Test
  void wrongArchitectureIsTheDemoForAnotherMachine() throws IOException {
    int foreign = hostMachine() == ElfFile.EM_X86_64 ? ElfFile.EM_AARCH64 : ElfFile.EM_X86_64;

    ElfFile elf = ElfFile.read(NativeTestLibs.wrongArchitecture());

    assertThat(elf.machine()).isEqualTo(foreign);
    assertThat(elf.soname()).containsExactly("libocipkg_demo.so");
  }

  @Test
  void outerNeedsInnerBySonameThroughOrigin() throws IOException {
    ElfFile outer = ElfFile.read(NativeTestLibs.outer());

    assertThat(outer.needed()).contains("libinner.so.1");
    assertThat(outer.runpath()).containsExactly("$ORIGIN");
    assertThat(outer.soname()).containsExactly("libouter.so");
    assertThat(ElfFile.read(NativeTestLibs.inner()).soname()).containsExactly("libinner.so.1");
  }

  @Test
  void librariesCarryTheirFileNameAsSoname() throws IOException {
    assertThat(ElfFile.read(NativeTestLibs.demo()).soname()).containsExactly("libocipkg_demo.so");
    assertThat(ElfFile.read(NativeTestLibs.jniDemo()).soname())
        .containsExactly("libocipkg_jni_demo.so");
  }

  @Test
  void notElfIsText() throws IOException {
    assertThat(Files.readString(NativeTestLibs.notElf())).startsWith("This file is not an ELF");
    assertThatThrownBy(() -> ElfFile.read(NativeTestLibs.notElf()))
        .hasMessageContaining("not an ELF file");
  }

  private static int hostMachine() {
    return switch (NativeTestLibs.platform()) {
      case "linux/amd64" -> ElfFile.EM_X86_64;
      case "linux/arm64" -> ElfFile.EM_AARCH64;
      default -> throw new AssertionError("no ELF machine known for " + NativeTestLibs.platform());
    };
  }
}
