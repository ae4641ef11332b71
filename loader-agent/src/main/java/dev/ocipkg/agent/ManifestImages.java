package dev.ocipkg.agent;

import java.io.File;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.jar.JarFile;
import java.util.jar.Manifest;

/**
 * References named by the {@code Ocipkg-Images} attribute (space or comma separated) in the main
 * manifest of the jars on the class path: how a library jar declares the native packages it needs
 * without a line of code.
 */
final class ManifestImages {
  static final String ATTRIBUTE = "Ocipkg-Images";

  private ManifestImages() {}

  static List<String> onClassPath(String classPath) {
    List<String> references = new ArrayList<>();
    for (String entry : classPath.split(File.pathSeparator)) {
      if (entry.endsWith(".jar") && new File(entry).isFile()) {
        references.addAll(inJar(new File(entry)));
      }
    }
    return references;
  }

  static List<String> inJar(File jar) {
    List<String> references = new ArrayList<>();
    try (JarFile file = new JarFile(jar, false)) {
      Manifest manifest = file.getManifest();
      String value = manifest == null ? null : manifest.getMainAttributes().getValue(ATTRIBUTE);
      if (value != null) {
        for (String ref : value.split("[\\s,]+")) {
          if (!ref.isBlank()) {
            references.add(ref.trim());
          }
        }
      }
    } catch (IOException e) {
      // not a readable jar: nothing to learn from it
    }
    return references;
  }
}
