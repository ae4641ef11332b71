package dev.ocipkg.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ocipkg.internal.config.LoaderConfig;
import dev.ocipkg.testing.ClassFileReferences;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The loader's internal packages depend on each other without a cycle: orchestration ({@code
 * internal}) above the pipeline's packages, the configuration and helpers ({@code config}, {@code
 * io}) below them all.
 */
class PackageCyclesTest {
  @Test
  void theInternalPackagesFormNoCycle() throws Exception {
    Map<String, Set<String>> graph =
        ClassFileReferences.graph(
            ClassFileReferences.locationOf(LoaderConfig.class), "dev.ocipkg.internal");

    assertThat(graph).containsKeys("dev.ocipkg.internal", "dev.ocipkg.internal.registry");
    assertThat(ClassFileReferences.cycleIn(graph)).as("a cycle of packages").isEmpty();
  }

  @Test
  void theConfigurationIsALeafBelowThePipeline() throws Exception {
    Map<String, Set<String>> graph =
        ClassFileReferences.graph(
            ClassFileReferences.locationOf(LoaderConfig.class), "dev.ocipkg.internal");

    assertThat(graph.get("dev.ocipkg.internal.config"))
        .doesNotContain("dev.ocipkg.internal", "dev.ocipkg.internal.registry")
        .allMatch(
            p ->
                p.equals("dev.ocipkg.internal.io")
                    || p.startsWith("dev.ocipkg.internal.registry.credentials"));
  }
}
