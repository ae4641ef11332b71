package dev.ocipkg.it;

import dev.ocipkg.NativeImage;
import dev.ocipkg.NativeLoader;
import java.lang.invoke.MethodHandles;

/**
 * A class that binds its loader's JNI library the way users write it: annotation plus one call with
 * its own lookup. Defined by a test's own class loader beside {@code JniDemo}.
 */
@NativeImage(value = "oci:target/it-layouts/demo:1.0", library = "ocipkg_jni_demo")
public final class AnnotatedJniBinder {
  private AnnotatedJniBinder() {}

  public static void bind() {
    NativeLoader.loadJni(MethodHandles.lookup());
  }
}
