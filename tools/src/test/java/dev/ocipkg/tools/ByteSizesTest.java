package dev.ocipkg.tools;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class ByteSizesTest {
  @ParameterizedTest
  @CsvSource({
    "1048576, 1048576",
    "0, 0",
    "512k, 524288",
    "512KiB, 524288",
    "512 kib, 524288",
    "8M, 8388608",
    "8MiB, 8388608",
    "1G, 1073741824",
    "1gib, 1073741824",
    "2T, 2199023255552",
    "100B, 100"
  })
  void numbersWithBinaryUnits(String text, long bytes) {
    assertThat(ByteSizes.parse(text)).isEqualTo(bytes);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "8MB",
        "8kb",
        "",
        "MiB",
        "-1",
        "1.5M",
        "8 M iB",
        "99999999999999999999",
        "9000000T"
      })
  void refusesWhatItWouldHaveToGuess(String text) {
    assertThatThrownBy(() -> ByteSizes.parse(text))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("\"" + text + "\" is not a size such as 8MiB");
  }

  @org.junit.jupiter.api.Test
  void escapesWhatItQuotes() {
    assertThatThrownBy(() -> ByteSizes.parse("8\u001b[31mM")).hasMessageNotContaining("\u001b");
  }
}
