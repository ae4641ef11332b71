package dev.ocipkg.internal.layer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class PackagePathTest {
  private static final String LAYER = "sha256:l";

  @Test
  void normalisesDotsAndDoubleSlashes() throws Exception {
    assertThat(PackagePath.parse("./lib//libfoo.so", LAYER).components())
        .containsExactly("lib", "libfoo.so");
    assertThat(PackagePath.parse("lib/", LAYER)).hasToString("lib");
    assertThat(PackagePath.parse("./", LAYER).isRoot()).isTrue();
    assertThat(PackagePath.parse(".", LAYER)).isEqualTo(PackagePath.ROOT);
    assertThat(PackagePath.parse("a/b/c", LAYER).in(Path.of("/pkg")))
        .isEqualTo(Path.of("/pkg/a/b/c"));
    assertThat(PackagePath.parse("a/b", LAYER).startsWith(PackagePath.parse("a", LAYER))).isTrue();
    assertThat(PackagePath.parse("ab", LAYER).startsWith(PackagePath.parse("a", LAYER))).isFalse();
  }

  @ParameterizedTest
  @CsvSource(
      delimiterString = "=>",
      value = {
        "''=>empty name",
        "../x=>'..'",
        "a/../b=>'..'",
        "/etc/passwd=>absolute path",
        "\\\\server\\share=>UNC",
        "C:\\x=>drive letter",
        "c:x=>drive letter",
        "a\\b=>'\\'",
        "CON=>reserved device name",
        "lpt1=>reserved device name",
        "Aux.tar.gz=>reserved device name",
        "COM\u00b9=>reserved device name",
        "dir/nul=>reserved device name",
        "a:b=>':'",
        "a<b=>'<'",
        "what?=>'?'",
        "star*=>'*'",
        "pipe|x=>'|'",
        "quote\"=>'\"'",
        "dot.=>trailing dot",
        "'space '=>trailing dot or space"
      })
  void rejectsWithAReason(String name, String reason) {
    assertThatThrownBy(() -> PackagePath.parse(name, LAYER))
        .isInstanceOf(UnsafeLayerException.class)
        .hasMessageContaining(LAYER)
        .hasMessageContaining(reason);
  }

  @Test
  void rejectsNulAndControlCharacters() {
    assertThatThrownBy(() -> PackagePath.parse("a\0b", LAYER)).hasMessageContaining("NUL");
    assertThatThrownBy(() -> PackagePath.parse("line\nbreak", LAYER))
        .hasMessageContaining("U+000A")
        .hasMessageNotContaining("\n");
  }

  @ParameterizedTest
  @ValueSource(strings = {"console", "CONFIG.h", "com10", "lpt", "nul_", "x.con", "libfoo.so.1.0"})
  void acceptsNamesThatOnlyResembleWindowsDevices(String name) {
    assertThatCode(() -> PackagePath.parse(name, LAYER)).doesNotThrowAnyException();
  }

  @Test
  void checksSymlinkTargetsRelativeToTheLinkDirectory() throws Exception {
    PackagePath top = PackagePath.parse("libfoo.so", LAYER);
    PackagePath nested = PackagePath.parse("lib/x86_64/libfoo.so", LAYER);

    for (String ok : List.of("libfoo.so.1", "./a/b", ".", "sub/")) {
      assertThatCode(() -> PackagePath.checkSymlinkTarget(top, ok, LAYER))
          .doesNotThrowAnyException();
    }
    for (String ok : List.of("..", "../..", "../../lib/libfoo.so.1", "../x86_64/./libfoo.so.1")) {
      assertThatCode(() -> PackagePath.checkSymlinkTarget(nested, ok, LAYER))
          .doesNotThrowAnyException();
    }
    for (String bad : List.of("..", "/lib/libc.so", "a/../b", "C:/x", "\\x", "x\0", "", "CON")) {
      assertThatThrownBy(() -> PackagePath.checkSymlinkTarget(top, bad, LAYER))
          .as(bad)
          .isInstanceOf(UnsafeLayerException.class)
          .hasMessageContaining("\"libfoo.so\"");
    }
    assertThatThrownBy(() -> PackagePath.checkSymlinkTarget(nested, "../../..", LAYER))
        .hasMessageContaining("leaves the package");
  }
}
