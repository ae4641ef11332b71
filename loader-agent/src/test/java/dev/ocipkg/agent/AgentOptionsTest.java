package dev.ocipkg.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class AgentOptionsTest {
  @Test
  void readsCommaSeparatedReferences() {
    AgentOptions options = AgentOptions.parse(" ghcr.io/acme/libfoo:1.2 ,oci:/opt/pkg:1,");
    assertThat(options.references())
        .extracting(Object::toString)
        .containsExactly("ghcr.io/acme/libfoo:1.2", "oci:/opt/pkg:1");
  }

  @Test
  void noArgumentsMeansNoReferences() {
    assertThat(AgentOptions.parse(null).references()).isEmpty();
    assertThat(AgentOptions.parse("  ").references()).isEmpty();
  }

  @Test
  void malformedReferenceIsNamed() {
    assertThatThrownBy(() -> AgentOptions.parse("ghcr.io/Acme/x"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("\"ghcr.io/Acme/x\"");
  }
}
