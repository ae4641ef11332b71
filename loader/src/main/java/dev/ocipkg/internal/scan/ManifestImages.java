package dev.ocipkg.internal.scan;

import java.io.File;
import java.io.FileInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.jar.JarInputStream;
import java.util.jar.Manifest;
import org.jspecify.annotations.Nullable;

/**
 * References named by the {@code Ocipkg-Images} attribute (space or comma separated) in the main
 * manifest of the jars on the class path: how a library jar declares the native packages it needs
 * without a line of code.
 *
 * <p>A Spring Boot executable jar is the whole class path of {@code java -jar app.jar}: its
 * libraries are jars inside it ({@code Spring-Boot-Lib}, {@code BOOT-INF/lib/}), which no class
 * path entry names, so their manifests are read from inside the outer jar.
 */
public final class ManifestImages {
  public static final String ATTRIBUTE = "Ocipkg-Images";

  /** The folder of a Boot jar's nested library jars, in its main manifest. */
  public static final String BOOT_LIB = "Spring-Boot-Lib";

  private ManifestImages() {}

  public static List<String> onClassPath(String classPath) {
    List<String> references = new ArrayList<>();
    for (String entry : classPath.split(File.pathSeparator)) {
      if (entry.endsWith(".jar") && new File(entry).isFile()) {
        references.addAll(inJar(new File(entry)));
      }
    }
    return references;
  }

  /** The references of {@code jar}'s manifest and, in a Boot jar, of its nested library jars. */
  public static List<String> inJar(File jar) {
    Manifest leading = leadingManifest(jar);
    if (leading != null && leading.getMainAttributes().getValue(BOOT_LIB) == null) {
      return named(leading);
    }
    List<String> references = new ArrayList<>();
    try (JarFile file = new JarFile(jar, false)) {
      Manifest manifest = file.getManifest();
      if (manifest == null) {
        return references;
      }
      references.addAll(named(manifest));
      String libs = manifest.getMainAttributes().getValue(BOOT_LIB);
      if (libs != null && !libs.isBlank()) {
        String folder = libs.endsWith("/") ? libs : libs + "/";
        for (JarEntry entry : Collections.list(file.entries())) {
          String name = entry.getName();
          if (name.startsWith(folder) && name.endsWith(".jar") && !entry.isDirectory()) {
            references.addAll(inNestedJar(file, entry));
          }
        }
      }
    } catch (IOException e) {
      // not a readable jar: nothing to learn from it
    }
    return references;
  }

  /**
   * The manifest where the jar tools put it, in the first entries, read as a stream from the start
   * of the file: the central directory is not read. The Java agent reads the manifest of every jar
   * on the class path at start-up, and reading a large jar's directory (thousands of entries) costs
   * milliseconds per jar in a fresh JVM. Null where it is not there (no manifest, one stored
   * further in, data in front of the zip): the central directory then decides.
   */
  private static @Nullable Manifest leadingManifest(File jar) {
    try (InputStream file = new FileInputStream(jar);
        JarInputStream stream = new JarInputStream(file, false)) {
      return stream.getManifest();
    } catch (IOException | RuntimeException e) {
      return null;
    }
  }

  /** The references of a jar stored inside another, read as a stream (Boot stores them whole). */
  private static List<String> inNestedJar(JarFile outer, JarEntry entry) {
    try (InputStream in = outer.getInputStream(entry);
        JarInputStream nested = new JarInputStream(in, false)) {
      Manifest manifest = nested.getManifest();
      return manifest == null ? List.of() : named(manifest);
    } catch (IOException e) {
      return List.of(); // a damaged nested jar: Boot's own loader will say so
    }
  }

  /** The references of one manifest's {@code Ocipkg-Images} attribute. */
  public static List<String> named(Manifest manifest) {
    List<String> references = new ArrayList<>();
    String value = manifest.getMainAttributes().getValue(ATTRIBUTE);
    if (value != null) {
      for (String ref : value.split("[\\s,]+")) {
        if (!ref.isBlank()) {
          references.add(ref.trim());
        }
      }
    }
    return references;
  }
}
