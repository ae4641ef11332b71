package dev.ocipkg.internal.scan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ocipkg.NativeImage;
import java.io.IOException;
import java.io.InputStream;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** {@code @NativeImage} read from class bytes, as javac writes them. */
class ClassFileImagesTest {
  @Retention(RetentionPolicy.RUNTIME)
  @interface Other {
    String[] names() default {};

    Class<?> type() default Object.class;

    RetentionPolicy policy() default RetentionPolicy.CLASS;

    long big() default 0;
  }

  @Other(
      names = {"a", "b"},
      type = String.class,
      policy = RetentionPolicy.RUNTIME,
      big = 1L << 40)
  @NativeImage(value = "ghcr.io/acme/libfoo:1.2", library = "foo", optional = true)
  static final class WithNativeMethod {
    static final double CONSTANT = 2.5;
    static final String TEXT = "grüße \u0000 \uD83D\uDE00";

    static native int add(int a, int b);
  }

  @NativeImage("ghcr.io/acme/first:1")
  @NativeImage(
      value = "ghcr.io/acme/second:2",
      digest = "sha256:0000000000000000000000000000000000000000000000000000000000000000")
  interface Repeated {}

  static final class Plain {}

  @Test
  void readsElementsNativeMethodsAndSkipsOtherAnnotations() throws IOException {
    ClassFileImages.Scan scan = ClassFileImages.scan(bytesOf(WithNativeMethod.class));
    assertThat(scan).isNotNull();
    assertThat(scan.images())
        .containsExactly(new DeclaredImage("ghcr.io/acme/libfoo:1.2", "foo", "", true));
    assertThat(scan.hasNativeMethods()).isTrue();
    assertThat(scan.needsBinding()).isTrue();
  }

  @Test
  void readsRepeatedAnnotationsInOrder() throws IOException {
    ClassFileImages.Scan scan = ClassFileImages.scan(bytesOf(Repeated.class));
    assertThat(scan.images())
        .extracting(DeclaredImage::reference)
        .containsExactly("ghcr.io/acme/first:1", "ghcr.io/acme/second:2");
    assertThat(scan.images().get(1).pinnedReference().digest()).isNotNull();
    assertThat(scan.isInterface()).isTrue();
    assertThat(scan.needsBinding()).isFalse();
  }

  @Test
  void aClassWithoutTheAnnotationIsNull() throws IOException {
    assertThat(ClassFileImages.scan(bytesOf(Plain.class))).isNull();
  }

  @Test
  void aTruncatedClassFileIsRefused() throws IOException {
    byte[] bytes = bytesOf(WithNativeMethod.class);
    assertThatThrownBy(() -> ClassFileImages.scan(Arrays.copyOf(bytes, bytes.length - 40)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("not a well-formed class file");
  }

  /**
   * The fast check finds the annotation's name wherever it is, so bytes that are no class file but
   * hold it are parsed (and refused); bytes that only come close pass as a class without it.
   */
  @ParameterizedTest
  @ValueSource(
      strings = {
        "dev/ocipkg/NativeImage",
        "dev/ocipkg/NativeImage and more",
        "xx Ldev/ocipkg/NativeImage;",
        "dev/ocipkg/dev/ocipkg/NativeImage$List",
        "eeeeeeeeeeeeeeeeeeeeeeeeedev/ocipkg/NativeImage"
      })
  void theAnnotationsNameAnywhereInTheBytesIsFound(String text) {
    byte[] bytes = text.getBytes(StandardCharsets.US_ASCII);
    assertThatThrownBy(() -> ClassFileImages.scan(bytes))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("not a well-formed class file");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "",
        "dev/ocipkg/NativeImag",
        "ev/ocipkg/NativeImage",
        "dev/ocipkg/NativeImagE dev/ocipkg/Nativeimage",
        "dev/ocipkg/Native Image"
      })
  void bytesThatOnlyComeCloseAreNoAnnotatedClass(String text) {
    assertThat(ClassFileImages.scan(text.getBytes(StandardCharsets.US_ASCII))).isNull();
  }

  static byte[] bytesOf(Class<?> type) throws IOException {
    String name = type.getName().substring(type.getPackageName().length() + 1) + ".class";
    try (InputStream in = type.getResourceAsStream(name)) {
      return in.readAllBytes();
    }
  }
}
