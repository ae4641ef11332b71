package dev.ocipkg.internal.scan;

import dev.ocipkg.internal.io.ForeignText;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.jar.Manifest;
import java.util.stream.Stream;

/**
 * The image references that a jar or a classes folder declares: the {@code Ocipkg-Images} entries
 * of its manifest (and, in a Spring Boot jar, of its nested library jars) and the {@code value}s of
 * the {@code @NativeImage} annotations of its classes. What the lock tools pin.
 */
public final class DeclaredReferences {
  private static final String MANIFEST = "META-INF/MANIFEST.MF";

  private DeclaredReferences() {}

  /**
   * A reference and where it was declared, for messages.
   *
   * @param reference as written, pinned to the annotation's {@code digest} where it gives one
   * @param origin {@code class com.acme.Foo in app.jar}, {@code Ocipkg-Images of app.jar}
   */
  public record Declared(String reference, String origin) {}

  /**
   * The references {@code jarOrFolder} declares, in the order found.
   *
   * @throws IOException if it cannot be read, or a class file in it is malformed
   */
  public static List<Declared> in(Path jarOrFolder) throws IOException {
    if (Files.isDirectory(jarOrFolder)) {
      return inFolder(jarOrFolder);
    }
    if (!Files.isRegularFile(jarOrFolder)) {
      throw new NoSuchFileException(
          jarOrFolder.toString(), null, "neither a jar nor a classes folder");
    }
    return inJar(jarOrFolder);
  }

  private static List<Declared> inJar(Path jar) throws IOException {
    List<Declared> found = new ArrayList<>();
    for (String reference : ManifestImages.inJar(jar.toFile())) {
      found.add(new Declared(reference, ManifestImages.ATTRIBUTE + " of " + jar));
    }
    try (JarFile file = new JarFile(jar.toFile(), false)) {
      for (JarEntry entry : Collections.list(file.entries())) {
        if (entry.getName().endsWith(".class") && !entry.isDirectory()) {
          try (InputStream in = file.getInputStream(entry)) {
            addAnnotated(in.readAllBytes(), entry.getName() + " in " + jar, found);
          }
        }
      }
    }
    return found;
  }

  private static List<Declared> inFolder(Path folder) throws IOException {
    List<Declared> found = new ArrayList<>();
    Path manifest = folder.resolve(MANIFEST);
    if (Files.isRegularFile(manifest)) {
      try (InputStream in = Files.newInputStream(manifest)) {
        for (String reference : ManifestImages.named(new Manifest(in))) {
          found.add(new Declared(reference, ManifestImages.ATTRIBUTE + " of " + manifest));
        }
      }
    }
    List<Path> classes;
    try (Stream<Path> files = Files.walk(folder)) {
      classes =
          files
              .filter(p -> p.toString().endsWith(".class") && Files.isRegularFile(p))
              .sorted()
              .toList();
    }
    for (Path file : classes) {
      addAnnotated(Files.readAllBytes(file), folder.relativize(file).toString(), found);
    }
    return found;
  }

  private static void addAnnotated(byte[] bytes, String origin, List<Declared> found)
      throws IOException {
    ClassFileImages.Scan scan;
    try {
      scan = ClassFileImages.scan(bytes);
    } catch (IllegalArgumentException e) {
      throw new IOException(ForeignText.escape(origin) + ": " + e.getMessage(), e);
    }
    if (scan == null) {
      return;
    }
    for (DeclaredImage image : scan.images()) {
      String reference = image.reference();
      if (!image.digest().isEmpty()) {
        try {
          reference = image.pinnedReference().toString();
        } catch (IllegalArgumentException e) {
          // left as written: the lock tool reports it, naming where it was declared
        }
      }
      found.add(new Declared(reference, "@NativeImage of " + origin));
    }
  }
}
