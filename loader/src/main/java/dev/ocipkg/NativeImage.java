package dev.ocipkg;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Repeatable;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Names the OCI package that holds a type's native library.
 *
 * <pre>{@code
 * @NativeImage(value = "ghcr.io/acme/libfoo:1.2.0", library = "foo")
 * interface Foo extends com.sun.jna.Library { int foo_add(int a, int b); }
 * }</pre>
 *
 * <p>Used by {@link NativeLoader#jna(Class)}, {@link NativeLoader#loadJni} and the Java agent.
 * Repeatable: a type whose library exists in several packages (or that needs several libraries)
 * lists them in order.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
@Repeatable(NativeImage.List.class)
public @interface NativeImage {
  /**
   * The reference: {@code registry/repository:tag}, {@code ...@sha256:...}, {@code oci:DIR:tag}.
   */
  String value();

  /**
   * The library's name inside the package, without prefix or suffix ({@code foo} for {@code
   * libfoo.so}, {@code libfoo.dylib} or {@code foo.dll}). Empty means the package's only library.
   */
  String library() default "";

  /**
   * A digest pin ({@code sha256:...}) for a tagged reference: the tag is then only a label and the
   * content is fixed. Empty means none.
   */
  String digest() default "";

  /**
   * Whether the application can run without this library: a failure is then logged instead of
   * thrown where the agent loads it.
   */
  boolean optional() default false;

  /** The container of repeated {@link NativeImage} annotations. */
  @Documented
  @Retention(RetentionPolicy.RUNTIME)
  @Target(ElementType.TYPE)
  @interface List {
    NativeImage[] value();
  }
}
