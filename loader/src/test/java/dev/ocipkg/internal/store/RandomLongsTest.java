package dev.ocipkg.internal.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class RandomLongsTest {
  @Test
  void valuesAreDistinctAndUseAllSixtyFourBits() {
    Set<Long> seen = new HashSet<>();
    long or = 0;
    long and = -1;
    for (int i = 0; i < 10_000; i++) {
      long value = RandomLongs.next();
      seen.add(value);
      or |= value;
      and &= value;
    }

    assertThat(seen).hasSize(10_000);
    assertThat(or).as("every bit is set in some value").isEqualTo(-1L);
    assertThat(and).as("every bit is clear in some value").isZero();
  }
}
