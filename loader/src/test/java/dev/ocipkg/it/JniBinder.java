package dev.ocipkg.it;

import dev.ocipkg.NativePackage;
import java.lang.invoke.MethodHandles;
import java.nio.file.Path;

/**
 * Loaded by a test's own class loader beside {@code JniDemo}: its lookup is what binds the JNI
 * library to that loader, as a user's class would bind it to its own.
 */
public final class JniBinder {
  private JniBinder() {}

  public static Path bind(NativePackage pkg) {
    return pkg.loadJni("ocipkg_jni_demo", MethodHandles.lookup());
  }
}
