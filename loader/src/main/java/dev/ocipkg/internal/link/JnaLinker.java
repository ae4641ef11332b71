package dev.ocipkg.internal.link;

import com.sun.jna.Library;
import com.sun.jna.Native;
import com.sun.jna.NativeLibrary;
import java.nio.file.Path;
import java.util.Map;

/** Links a library through JNA: a proxy of the caller's {@code Library} interface. */
public final class JnaLinker {
  private JnaLinker() {}

  /**
   * A JNA proxy of {@code iface} bound to {@code target}'s file.
   *
   * @throws IllegalArgumentException if {@code iface} is not an interface extending JNA's {@code
   *     Library}
   */
  public static <T> T proxy(LinkTarget target, Class<T> iface, Map<String, ?> options) {
    if (!iface.isInterface() || !Library.class.isAssignableFrom(iface)) {
      throw new IllegalArgumentException(
          iface.getName()
              + " must be an interface extending com.sun.jna.Library to be used with JNA");
    }
    @SuppressWarnings("unchecked")
    Class<? extends Library> libraryInterface = (Class<? extends Library>) iface;
    // Anonymous classes, not lambdas: this runs at start-up, where a JVM's first lambda costs.
    Object proxy =
        DependencyPreloader.link(
            target,
            new DependencyPreloader.Linker<Library>() {
              @Override
              public Library link(Path file) {
                return Native.load(file.toString(), libraryInterface, options);
              }
            },
            new DependencyPreloader.Linker<NativeLibrary>() {
              @Override
              public NativeLibrary link(Path file) {
                return NativeLibrary.getInstance(file.toString());
              }
            });
    return iface.cast(proxy);
  }
}
