package dev.ocipkg.agent;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ocipkg.NativeImage;
import java.io.IOException;
import java.io.InputStream;
import java.util.Objects;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Which classes the transformer passes over by name or loader, before searching their bytes. */
class NativeImageTransformerTest {
  /** What the transformer would hook if an application's loader defined it. */
  @NativeImage(value = "registry.invalid/acme/never:1", library = "never", optional = true)
  static final class Annotated {
    static native int call();
  }

  @Test
  void theJdksOwnLoadersClassesArePassedOver() throws IOException {
    BoundClasses classes = new BoundClasses();
    NativeImageTransformer transformer =
        new NativeImageTransformer(classes, new AgentRuntime(null));
    byte[] annotated;
    try (InputStream in =
        Objects.requireNonNull(
            NativeImageTransformerTest.class.getResourceAsStream(
                "NativeImageTransformerTest$Annotated.class"))) {
      annotated = in.readAllBytes();
    }
    String name = "dev/ocipkg/testapp/Annotated";

    assertThat(transformer.transform(null, name, null, null, annotated)).isNull();
    assertThat(
            transformer.transform(
                ClassLoader.getPlatformClassLoader(), name, null, null, annotated))
        .as("a class of the platform class loader is neither hooked nor searched")
        .isNull();
  }

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
