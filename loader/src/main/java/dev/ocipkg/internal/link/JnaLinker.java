package dev.ocipkg.internal.link;

import com.sun.jna.Library;
import com.sun.jna.Native;
import com.sun.jna.NativeLibrary;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.nio.file.Path;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Links a library through JNA: a proxy of the caller's {@code Library} interface.
 *
 * <p>The JNA used is the one the interface extends, which need not be the one this class sees: in a
 * Spring Boot jar run with {@code -javaagent:ocipkg-agent.jar}, the loader's classes come from the
 * agent jar on the system class path (Boot's class loader asks its parent first), while JNA is a
 * nested jar that only Boot's class loader sees. That JNA is then called reflectively.
 */
public final class JnaLinker {
  private static final String LIBRARY = "com.sun.jna.Library";

  private JnaLinker() {}

  /**
   * A JNA proxy of {@code iface} bound to {@code target}'s file.
   *
   * @throws IllegalStateException if no JNA is to be found: JNA is an optional dependency
   * @throws IllegalArgumentException if {@code iface} is not an interface extending JNA's {@code
   *     Library}
   */
  public static <T> T proxy(LinkTarget target, Class<T> iface, Map<String, ?> options) {
    @Nullable Class<?> library = iface.isInterface() ? libraryOf(iface) : null;
    if (library == null && ownLibrary() == null) {
      throw new IllegalStateException(
          "a JNA proxy of "
              + iface.getName()
              + " needs JNA, which is not on the class path: add the dependency"
              + " net.java.dev.jna:jna (5.x) to the application, or link through loadJni or"
              + " symbolLookup (FFM), which need no JNA");
    }
    if (library == null) {
      throw new IllegalArgumentException(
          iface.getName()
              + " must be an interface extending com.sun.jna.Library to be used with JNA");
    }
    Object proxy =
        library == ownLibrary()
            ? Direct.proxy(target, iface, options)
            : Reflective.proxy(target, iface, options, library.getClassLoader());
    return iface.cast(proxy);
  }

  /** The {@code com.sun.jna.Library} among {@code type}'s super-interfaces, or null. */
  private static @Nullable Class<?> libraryOf(Class<?> type) {
    for (Class<?> parent : type.getInterfaces()) {
      @Nullable Class<?> found = parent.getName().equals(LIBRARY) ? parent : libraryOf(parent);
      if (found != null) {
        return found;
      }
    }
    return null;
  }

  /** JNA's {@code Library} as this class sees it, or null where it sees no JNA. */
  private static @Nullable Class<?> ownLibrary() {
    try {
      return Class.forName(LIBRARY, false, JnaLinker.class.getClassLoader());
    } catch (ClassNotFoundException | LinkageError e) {
      return null;
    }
  }

  /**
   * Calls to the JNA this class was linked against; loaded only when that is the one. The first
   * attempt is a plain call: only a library that fails to link (a dependency beside it not found)
   * goes on to {@link DirectRetry}, so the warm path loads neither it nor {@link
   * DependencyPreloader}'s linkers.
   */
  private static final class Direct {
    static Object proxy(LinkTarget target, Class<?> iface, Map<String, ?> options) {
      @SuppressWarnings("unchecked")
      Class<? extends Library> libraryInterface = (Class<? extends Library>) iface;
      try {
        return Native.load(target.file().toString(), libraryInterface, options);
      } catch (UnsatisfiedLinkError | IllegalArgumentException e) {
        return DirectRetry.proxy(target, e, libraryInterface, options);
      }
    }
  }

  /** {@link Direct} after its first attempt failed: the package's dependencies loaded first. */
  private static final class DirectRetry {
    static Object proxy(
        LinkTarget target,
        Throwable failure,
        Class<? extends Library> libraryInterface,
        Map<String, ?> options) {
      // Anonymous classes, not lambdas: a JVM's first lambda costs milliseconds.
      return DependencyPreloader.retry(
          target,
          failure,
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
    }
  }

  /** The same calls to the JNA of another class loader, the interface's. */
  private static final class Reflective {
    static Object proxy(
        LinkTarget target, Class<?> iface, Map<String, ?> options, ClassLoader jnaLoader) {
      Method load;
      Method instance;
      try {
        load =
            Class.forName("com.sun.jna.Native", true, jnaLoader)
                .getMethod("load", String.class, Class.class, Map.class);
        instance =
            Class.forName("com.sun.jna.NativeLibrary", true, jnaLoader)
                .getMethod("getInstance", String.class);
      } catch (ReflectiveOperationException e) {
        throw new IllegalStateException(
            "the JNA that " + iface.getName() + " extends has no Native.load: " + e, e);
      }
      return DependencyPreloader.link(
          target,
          new DependencyPreloader.Linker<Object>() {
            @Override
            public Object link(Path file) throws Throwable {
              return call(load, file.toString(), iface, options);
            }
          },
          new DependencyPreloader.Linker<Object>() {
            @Override
            public Object link(Path file) throws Throwable {
              return call(instance, file.toString());
            }
          });
    }

    /** The call's own exception (JNA's UnsatisfiedLinkError), not reflection's wrapper. */
    private static Object call(Method method, Object... args) throws Throwable {
      try {
        return method.invoke(null, args);
      } catch (InvocationTargetException e) {
        throw e.getCause();
      }
    }
  }
}
