package dev.ocipkg.tools;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ReferenceChecksTest {
  @Test
  void requireTagReturnsATagAndNamesWhatIsWrongWithAnythingElse() {
    assertThat(ReferenceChecks.requireTag("1.0_rc-2")).isEqualTo("1.0_rc-2");
    assertThatThrownBy(() -> ReferenceChecks.requireTag("-bad"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "\"-bad\" is not a valid tag (letters, digits, '_', '.', '-', at most 128, not"
                + " starting with '.' or '-')");
    assertThatThrownBy(() -> ReferenceChecks.requireTag("a".repeat(129)))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> ReferenceChecks.requireTag("x\u202e1"))
        .hasMessageNotContaining("\u202e");
  }
}
