package dev.ocipkg.internal.link;

import java.lang.invoke.MethodHandles;

/**
 * {@code System.load} as the class of a lookup would call it, so that the library binds to that
 * class's loader: each call defines a hidden class in the lookup's class (its loader, package and
 * module) whose static initializer calls {@code System.load} on the path (see {@link
 * SystemLoadClassFile}).
 *
 * <p>Not a method handle on {@code System.load}: a handle on a caller-sensitive method binds the
 * caller through an injected invoker class and a dozen spun lambda forms, which in a fresh JVM
 * costs tens of milliseconds (benchmarks, rows 2e–2f); defining one small class costs about one.
 * The hidden class is unreachable once loaded: the library stays with the class loader, as it would
 * for a {@code System.load} in the caller's own code.
 */
final class CallerSystemLoad implements JniLinker.SystemLoad {
  private final MethodHandles.Lookup lookup;
  private final String className;

  /**
   * @throws IllegalArgumentException if the lookup lacks full privilege access (as {@code
   *     MethodHandles.lookup()} in the class has), which defining a class in it needs
   */
  CallerSystemLoad(MethodHandles.Lookup lookup) {
    if (!lookup.hasFullPrivilegeAccess()) {
      throw new IllegalArgumentException(
          "the lookup of "
              + lookup.lookupClass().getName()
              + " lacks full privilege access; pass MethodHandles.lookup() from the class whose"
              + " native methods should bind");
    }
    this.lookup = lookup;
    String pkg = lookup.lookupClass().getPackageName();
    this.className =
        pkg.isEmpty() ? "OcipkgSystemLoad" : pkg.replace('.', '/') + "/OcipkgSystemLoad";
  }

  @Override
  public void load(String absolutePath) throws Throwable {
    try {
      lookup.defineHiddenClass(SystemLoadClassFile.of(className, absolutePath), true);
    } catch (ExceptionInInitializerError e) {
      // System.load's own errors (UnsatisfiedLinkError) pass through the initializer as they are;
      // an exception (IllegalCallerException without native access) comes wrapped.
      Throwable cause = e.getCause();
      throw cause != null ? cause : e;
    }
  }
}
