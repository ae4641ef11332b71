package dev.ocipkg.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class OcipkgCommandTest {
  @Test
  void helpAndVersionSucceed() {
    assertThat(OcipkgCommand.run("--help")).isZero();
    assertThat(OcipkgCommand.run("--version")).isZero();
  }

  @Test
  void unknownOptionIsAUsageErrorWithExitCode2() {
    assertThat(OcipkgCommand.run("--no-such-option")).isEqualTo(2);
  }
}
