package dev.ocipkg.it;

import com.sun.jna.Library;
import dev.ocipkg.NativeImage;

/**
 * libocipkg_demo named by annotations: the first package does not exist, the second does, so {@code
 * NativeLoader.jna} must fall through to it. The layout is written by {@link AnnotationsIT} under
 * the module's working directory.
 */
@NativeImage(value = "oci:target/it-layouts/missing:1.0", library = "ocipkg_demo")
@NativeImage(value = "oci:target/it-layouts/demo:1.0", library = "ocipkg_demo")
public interface AnnotatedDemo extends Library {
  int demo_add(int a, int b);
}
