package dev.ocipkg.testlibs;

import java.nio.file.Path;

/**
 * The Java side of {@code libocipkg_jni_demo}, the JNI fixture ({@link NativeTestLibs#jniDemo()}).
 *
 * <p>The class loads nothing by itself: the library is bound to whichever class loader loads it, so
 * tests choose the loader and the moment, either through {@link #load(Path)} or through the
 * product's loader. Calling a native method before that throws {@link UnsatisfiedLinkError}.
 */
public final class JniDemo {

  private JniDemo() {}

  /** Returns {@code a + b}, computed in C. */
  public static native int add(int a, int b);

  /** Returns {@value NativeTestLibs#JNI_DEMO_VERSION}. */
  public static native String version();

  /** Returns whether {@code JNI_OnLoad} ran in the copy of the library bound to this class. */
  public static native boolean onLoadRan();

  /**
   * Loads a JNI library into the class loader of this class, with {@link System#load(String)}.
   *
   * <p>{@code System.load} binds the library to its caller's class loader; this method is that
   * caller, so a test that defines {@code JniDemo} in a second class loader can bind a library to
   * that loader by invoking this method reflectively on the second class.
   *
   * @param library the absolute path of the library file
   */
  public static void load(Path library) {
    System.load(library.toAbsolutePath().toString());
  }
}
