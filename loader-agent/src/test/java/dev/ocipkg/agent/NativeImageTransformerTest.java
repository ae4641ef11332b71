package dev.ocipkg.agent;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Which classes the transformer passes over by name, before searching their bytes. */
class NativeImageTransformerTest {
  @ParameterizedTest
  @ValueSource(
      strings = {
        "com/sun/jna/Native",
        "com/sun/jna/ptr/IntByReference",
        "dev/ocipkg/NativeLoader",
        "dev/ocipkg/NativeLoader$Builder",
        "dev/ocipkg/internal/PackageLookup",
        "dev/ocipkg/internal/link/JniLinker",
        "dev/ocipkg/agent/AgentBinder"
      })
  void ocipkgsAndJnasOwnClassesArePassedOver(String className) {
    assertThat(NativeImageTransformer.declaresNoImages(className)).isTrue();
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "app/Main",
        "JniDemo",
        "dev/ocipkg/testlibs/JniDemo",
        "dev/ocipkg/demo/Demo",
        "dev/ocipkgx/Foo",
        "com/sun/jnax/Foo",
        "com/acme/internal/dev/ocipkg/internal/Foo"
      })
  void everyOtherClassIsSearched(String className) {
    assertThat(NativeImageTransformer.declaresNoImages(className)).isFalse();
  }
}
