package dev.ocipkg.agent;

import dev.ocipkg.NativeLoadException;
import dev.ocipkg.NativePackage;
import dev.ocipkg.internal.JniBinding;
import dev.ocipkg.internal.scan.DeclaredImage;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * Loads the JNI library of a hooked class into that class's own loader. Called from the class's
 * static initializer (see {@link StaticInitializerHook}), through the system class loader.
 */
public final class AgentBinder {
  /**
   * Made at first use, not in a static field: initialising System.Logger costs tens of
   * milliseconds, which premain must not spend (see benchmarks, agent row).
   */
  private static System.Logger log() {
    return System.getLogger(AgentBinder.class.getName());
  }

  private static volatile @Nullable AgentBinder installed;

  private final AgentRuntime runtime;
  private final BoundClasses classes;

  AgentBinder(AgentRuntime runtime, BoundClasses classes) {
    this.runtime = runtime;
    this.classes = classes;
  }

  static void install(AgentBinder binder) {
    installed = binder;
  }

  /**
   * The injected call. Loads every {@code @NativeImage} of {@code type} that is not optional,
   * trying the annotations in order per library until one loads.
   *
   * @throws NativeLoadException when a library the class needs cannot be loaded: the class's
   *     initialization fails with it, as the API would have thrown it
   */
  public static void bind(Class<?> type) {
    AgentBinder binder = installed;
    if (binder == null) {
      throw new IllegalStateException(
          type.getName() + " was prepared by the ocipkg agent, but the agent is not running");
    }
    binder.bindNow(type);
  }

  void bindNow(Class<?> type) {
    List<DeclaredImage> images = classes.imagesOf(type);
    if (images == null || images.isEmpty()) {
      return;
    }
    List<NativeLoadException> failures = new ArrayList<>();
    boolean loaded = false;
    boolean allOptional = true;
    for (DeclaredImage image : images) {
      allOptional &= image.optional();
      try {
        NativePackage pkg = runtime.loader().open(image.pinnedReference());
        JniBinding.bind(pkg, image.library(), runtime.bridge().systemLoadFor(type));
        loaded = true;
        break;
      } catch (NativeLoadException e) {
        failures.add(e);
      } catch (ReflectiveOperationException | RuntimeException e) {
        failures.add(
            NativeLoadException.builder(
                    "cannot load "
                        + image.reference()
                        + " into the class loader of "
                        + type.getName()
                        + ": "
                        + e)
                .reference(image.reference())
                .cause(e)
                .build());
      }
    }
    if (loaded) {
      return;
    }
    NativeLoadException error = combine(type, images, failures);
    if (allOptional) {
      log()
          .log(
              System.Logger.Level.WARNING,
              "ocipkg agent: the optional native library of {0} is not loaded: {1}",
              type.getName(),
              error.getMessage());
      return;
    }
    throw error;
  }

  private static NativeLoadException combine(
      Class<?> type, List<DeclaredImage> images, List<NativeLoadException> failures) {
    if (failures.size() == 1) {
      return failures.get(0);
    }
    StringBuilder message =
        new StringBuilder("no @NativeImage of ").append(type.getName()).append(" could be loaded:");
    for (int i = 0; i < failures.size(); i++) {
      message.append("\n  ").append(i + 1).append(". ").append(images.get(i).reference());
      message.append(": ").append(failures.get(i).getMessage().replace("\n", "\n     "));
    }
    NativeLoadException all = NativeLoadException.builder(message.toString()).build();
    failures.forEach(all::addSuppressed);
    return all;
  }
}
