package dev.ocipkg.it;

import java.io.IOException;
import java.io.InputStream;
import java.util.Set;

/**
 * Defines the named classes itself (from the parent's class files) and delegates everything else:
 * like an application server's per-deployment loader, it gives those classes their own identity.
 */
final class ChildFirstClassLoader extends ClassLoader {
  private final Set<String> own;

  ChildFirstClassLoader(ClassLoader parent, Set<String> own) {
    super("child-first", parent);
    this.own = own;
  }

  @Override
  protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
    if (!own.contains(name)) {
      return super.loadClass(name, resolve);
    }
    synchronized (getClassLoadingLock(name)) {
      Class<?> c = findLoadedClass(name);
      if (c == null) {
        String resource = name.replace('.', '/') + ".class";
        try (InputStream in = getParent().getResourceAsStream(resource)) {
          if (in == null) {
            throw new ClassNotFoundException(name);
          }
          byte[] bytes = in.readAllBytes();
          c = defineClass(name, bytes, 0, bytes.length);
        } catch (IOException e) {
          throw new ClassNotFoundException(name, e);
        }
      }
      if (resolve) {
        resolveClass(c);
      }
      return c;
    }
  }
}
