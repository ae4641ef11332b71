package dev.ocipkg.internal.link;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ocipkg.testlibs.NativeTestLibs;
import java.lang.invoke.MethodHandles;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code System.load} through a hidden class of the caller, with the path in its constant pool. */
class CallerSystemLoadTest {
  @TempDir Path temp;

  @Test
  void loadsALibraryAndLoadsItAgainAsANoOp() {
    CallerSystemLoad load = new CallerSystemLoad(MethodHandles.lookup());
    String demo = NativeTestLibs.demo().toAbsolutePath().toString();

    assertThatCode(() -> load.load(demo)).doesNotThrowAnyException();
    assertThatCode(() -> load.load(demo)).doesNotThrowAnyException();
  }

  @Test
  void aPathOutsideAsciiReachesSystemLoadUnchanged() throws Exception {
    Path folder = Files.createDirectories(temp.resolve("bibliothèque-日本-\uD83D\uDE00"));
    Path copy = Files.copy(NativeTestLibs.demo(), folder.resolve("libocipkg_demo.so"));
    CallerSystemLoad load = new CallerSystemLoad(MethodHandles.lookup());

    assertThatCode(() -> load.load(copy.toString())).doesNotThrowAnyException();
    String missing = folder.resolve("no-such-lib.so").toString();
    assertThatThrownBy(() -> load.load(missing))
        .isInstanceOf(UnsatisfiedLinkError.class)
        .hasMessageContaining(missing);
  }

  @Test
  void aFileThatIsNoLibraryFailsWithSystemLoadsOwnError() {
    CallerSystemLoad load = new CallerSystemLoad(MethodHandles.lookup());
    String notElf = NativeTestLibs.notElf().toAbsolutePath().toString();

    assertThatThrownBy(() -> load.load(notElf))
        .isInstanceOf(UnsatisfiedLinkError.class)
        .hasMessageContaining(notElf);
  }

  @Test
  void aPathTooLongForAClassFileConstantIsRefused() {
    CallerSystemLoad load = new CallerSystemLoad(MethodHandles.lookup());
    String tooLong = "/" + "é".repeat(40_000);

    assertThatThrownBy(() -> load.load(tooLong))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("80001 bytes")
        .hasMessageContaining("65535");
  }

  @Test
  void aLookupWithoutFullPrivilegeIsRefused() {
    assertThatThrownBy(() -> new CallerSystemLoad(MethodHandles.publicLookup()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("lacks full privilege access")
        .hasMessageContaining("MethodHandles.lookup()");
  }
}
