package dev.ocipkg.agent;

import dev.ocipkg.internal.scan.DeclaredImage;
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
  private final Map<ClassLoader, Map<String, List<DeclaredImage>>> byLoader = new WeakHashMap<>();

  synchronized void put(ClassLoader loader, String internalName, List<DeclaredImage> images) {
    byLoader
        .computeIfAbsent(loader, l -> new ConcurrentHashMap<>())
        .put(internalName.replace('/', '.'), images);
  }

  synchronized @Nullable List<DeclaredImage> imagesOf(Class<?> type) {
    Map<String, List<DeclaredImage>> classes = byLoader.get(type.getClassLoader());
    return classes == null ? null : classes.get(type.getName());
  }
}
