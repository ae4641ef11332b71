package dev.ocipkg.it;

import com.sun.jna.Library;
import dev.ocipkg.NativeImage;

/** Every package it names is missing: the error must list both attempts. */
@NativeImage(value = "oci:target/it-layouts/missing-one:1.0", library = "ocipkg_demo")
@NativeImage(value = "oci:target/it-layouts/missing-two:1.0", library = "ocipkg_demo")
public interface AllMissing extends Library {
  int demo_add(int a, int b);
}
