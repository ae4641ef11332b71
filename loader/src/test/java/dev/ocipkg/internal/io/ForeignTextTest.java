package dev.ocipkg.internal.io;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Foreign text in messages: escaped, bounded, and our own line breaks kept. */
class ForeignTextTest {
  @Test
  void controlCharactersLineBreaksAndBidiOverridesAreEscaped() {
    String hostile = "\u001b[2Jred\r\nHint: x\u0007\u009b\u202eevil\u2066";

    assertThat(ForeignText.escape(hostile))
        .isEqualTo("\\u001b[2Jred\\u000d\\u000aHint: x\\u0007\\u009b\\u202eevil\\u2066");
  }

  @Test
  void longTextIsCutAndSaysHowMuchIsLeftOut() {
    assertThat(ForeignText.escape("a".repeat(300), 10))
        .isEqualTo("aaaaaaaaaa… (290 more characters)");
    assertThat(ForeignText.escape("short")).isEqualTo("short");
    assertThat(ForeignText.escape(null)).isEqualTo("null");
  }

  @Test
  void aWholeMessageKeepsItsNewlinesAndLosesItsControls() {
    assertThat(ForeignText.withoutControls("one\ntwo")).isEqualTo("one\ntwo");
    assertThat(ForeignText.withoutControls("one\n\u001b[31mtwo\r"))
        .isEqualTo("one\n\\u001b[31mtwo\\u000d");
  }

  @Test
  void loneSurrogatesAreEscapedAndWholeCharactersKept() {
    assertThat(ForeignText.escape("a\ud800b\udc00c\ud83d\ude00"))
        .isEqualTo("a\\ud800b\\udc00c\ud83d\ude00");
    // A cut between the halves of a character leaves no half of it raw.
    assertThat(ForeignText.escape("ab\ud83d\ude00", 3)).isEqualTo("ab\\ud83d… (1 more characters)");
    assertThat(ForeignText.withoutControls("x\ud800\ny\ud83d\ude00"))
        .isEqualTo("x\\ud800\ny\ud83d\ude00");
  }
}
