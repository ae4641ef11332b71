package dev.ocipkg.benchmarks.harness;

import dev.ocipkg.benchmarks.probe.NoOpAgent;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;

/** Writes a jar holding only {@link NoOpAgent}, with the manifest that makes it an agent. */
final class NoOpAgentJar {
  private NoOpAgentJar() {}

  static Path write(Path jar) throws IOException {
    Manifest manifest = new Manifest();
    manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
    manifest.getMainAttributes().putValue("Premain-Class", NoOpAgent.class.getName());
    try (OutputStream file = Files.newOutputStream(jar);
        JarOutputStream out = new JarOutputStream(file, manifest)) {
      copyClass(NoOpAgent.class.getName(), out);
      copyClass(NoOpAgent.class.getName() + "$UnchangedClasses", out);
    }
    return jar;
  }

  private static void copyClass(String className, JarOutputStream out) throws IOException {
    String entry = className.replace('.', '/') + ".class";
    try (InputStream classFile = NoOpAgent.class.getClassLoader().getResourceAsStream(entry)) {
      if (classFile == null) {
        throw new IOException("cannot read " + entry + " from the class path");
      }
      out.putNextEntry(new JarEntry(entry));
      classFile.transferTo(out);
      out.closeEntry();
    }
  }
}
