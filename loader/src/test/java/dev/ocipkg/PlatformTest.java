package dev.ocipkg;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PlatformTest {
  @ParameterizedTest
  @CsvSource({
    "linux/amd64, linux/amd64",
    "linux/x86_64, linux/amd64",
    "Linux/AARCH64, linux/arm64",
    "linux/arm64/v8, linux/arm64",
    "linux/arm64/v9, linux/arm64/v9",
    "linux/armv7l, linux/arm/v7",
    "linux/arm/v6, linux/arm/v6",
    "darwin/aarch64, darwin/arm64",
    "macos/x86_64, darwin/amd64",
    "windows/amd64, windows/amd64",
    "linux/i686, linux/386",
    "linux/amd64/v3, linux/amd64/v3",
  })
  void normalises(String text, String expected) {
    assertThat(Platform.parse(text).toString()).isEqualTo(expected);
    assertThat(Platform.parse(text)).isEqualTo(Platform.parse(expected));
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {"linux", "linux/", "/amd64", "linux/amd64/v3/extra", "linux/amd 64", "''"})
  void rejectsMalformedTextQuotingIt(String text) {
    assertThatThrownBy(() -> Platform.parse(text))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("\"" + text + "\"");
  }

  @org.junit.jupiter.api.Test
  void currentPlatformIsNormalised() {
    Platform current = Platform.current();
    assertThat(current.os()).doesNotContain(" ").isLowerCase();
    assertThat(current.architecture()).isNotIn("x86_64", "aarch64");
  }
}
