package dev.ocipkg.it;

import com.sun.jna.Library;
import dev.ocipkg.NativeImage;

/**
 * libocipkg_demo installed the way Debian installs libsodium23 ({@code libsodium.so.23 ->
 * libsodium.so.23.3.0}, no {@code libsodium.so}), named by an annotation without a library name.
 * The layout is written by {@link OnlyLibraryIT} under the module's working directory.
 */
@NativeImage("oci:target/it-layouts/versioned-only:1.0")
public interface VersionedOnly extends Library {
  int demo_add(int a, int b);
}
