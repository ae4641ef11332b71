package dev.ocipkg.agent;

import java.util.List;
import java.util.Map;
import java.util.WeakHashMap;
import java.util.concurrent.ConcurrentHashMap;
import org.jspecify.annotations.Nullable;

/**
 * The {@code @NativeImage} annotations of the classes the agent hooked, by class loader and class
 * name, so that the binder can act on a class whose annotations it must not read by reflection (the
 * annotation type may not even be visible to the class's loader). Class loaders are held weakly: a
 * redeployed application's loader can be collected.
 */
final class BoundClasses {
  private final Map<ClassLoader, Map<String, List<ImageSpec>>> byLoader = new WeakHashMap<>();

  synchronized void put(ClassLoader loader, String internalName, List<ImageSpec> images) {
    byLoader
        .computeIfAbsent(loader, l -> new ConcurrentHashMap<>())
        .put(internalName.replace('/', '.'), images);
  }

  synchronized @Nullable List<ImageSpec> imagesOf(Class<?> type) {
    Map<String, List<ImageSpec>> classes = byLoader.get(type.getClassLoader());
    return classes == null ? null : classes.get(type.getName());
  }
}
