package dev.ocipkg.agent;

import dev.ocipkg.internal.scan.ClassFileImages;
import dev.ocipkg.internal.scan.DeclaredImage;
import java.lang.instrument.ClassFileTransformer;
import java.security.ProtectionDomain;
import org.jspecify.annotations.Nullable;

/**
 * Watches classes as they are defined: a class annotated {@code @NativeImage} that declares {@code
 * native} methods gets the binder call in its static initializer, and its packages start
 * downloading at once. Every other class passes through untouched (a byte search rejects it before
 * any parsing; the JDK's classes, of the boot and platform loaders, and ocipkg's and JNA's own
 * classes are not even searched).
 */
final class NativeImageTransformer implements ClassFileTransformer {
  /**
   * Made at first use, not in a static field: initialising System.Logger costs tens of
   * milliseconds, which premain must not spend (see benchmarks, agent row).
   */
  private static System.Logger log() {
    return System.getLogger(NativeImageTransformer.class.getName());
  }

  private static final String API_PACKAGE = "dev/ocipkg/";

  /**
   * Defines only the JDK's own modules (an application's classes cannot get there from the class
   * path), so, like the boot loader's, its classes are passed over without a search.
   */
  private static final ClassLoader PLATFORM = ClassLoader.getPlatformClassLoader();

  private final BoundClasses classes;
  private final AgentRuntime runtime;

  NativeImageTransformer(BoundClasses classes, AgentRuntime runtime) {
    this.classes = classes;
    this.runtime = runtime;
  }

  /**
   * Whether {@code className} (internal form) is one of ocipkg's own classes or of JNA's, which
   * never carry {@code @NativeImage}: passed over by name, before their bytes are searched. A warm
   * JNA load defines a hundred of them at start-up, on the thread that is starting the application.
   */
  static boolean declaresNoImages(String className) {
    if (className.startsWith("com/sun/jna/")
        || className.startsWith("dev/ocipkg/internal/")
        || className.startsWith("dev/ocipkg/agent/")) {
      return true;
    }
    // The API package itself (NativeLoader, NativeImage, …), not the packages below it.
    return className.startsWith(API_PACKAGE) && className.indexOf('/', API_PACKAGE.length()) < 0;
  }

  @Override
  public byte @Nullable [] transform(
      @Nullable ClassLoader loader,
      String className,
      @Nullable Class<?> classBeingRedefined,
      @Nullable ProtectionDomain protectionDomain,
      byte[] classfileBuffer) {
    if (loader == null
        || loader == PLATFORM
        || classBeingRedefined != null
        || className == null
        || declaresNoImages(className)) {
      return null;
    }
    try {
      ClassFileImages.Scan scan = ClassFileImages.scan(classfileBuffer);
      if (scan == null) {
        return null;
      }
      for (DeclaredImage image : scan.images()) {
        try {
          runtime.prefetcher().prefetch(image.pinnedReference());
        } catch (IllegalArgumentException e) {
          log()
              .log(
                  System.Logger.Level.WARNING, "ocipkg agent: {0}: {1}", className, e.getMessage());
        }
      }
      if (!scan.needsBinding()) {
        return null; // a JNA interface: NativeLoader.jna loads it; nothing to bind here
      }
      classes.put(loader, className, scan.images());
      return StaticInitializerHook.inject(classfileBuffer);
    } catch (RuntimeException e) {
      // A transformer must never break class loading: leave the class as it is.
      log().log(System.Logger.Level.WARNING, "ocipkg agent: cannot prepare " + className, e);
      return null;
    }
  }
}
