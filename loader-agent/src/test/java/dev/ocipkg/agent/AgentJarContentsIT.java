package dev.ocipkg.agent;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import org.junit.jupiter.api.Test;

/**
 * Everything in the agent jar is relocated: an application's own JNA, Commons Compress or zstd-jni
 * can never be shadowed by the agent's, since the agent jar is on the system class path. JNA and
 * zstd-jni are left out (the agent binds JNI with System.load; zstd-jni's natives are found by name
 * and bound to its own class names, which relocation would break), annotation-only artifacts too.
 */
class AgentJarContentsIT {
  private static final Path JAR = Path.of(System.getProperty("ocipkg.agent.jar"));

  @Test
  void everyEntryIsUnderDevOcipkgOrMetaInf() throws Exception {
    List<String> outside = new ArrayList<>();
    try (JarFile jar = new JarFile(JAR.toFile())) {
      for (Enumeration<JarEntry> e = jar.entries(); e.hasMoreElements(); ) {
        String name = e.nextElement().getName();
        String path = name;
        if (name.startsWith("META-INF/versions/")) {
          // A versioned class stands in for its base name on newer JVMs: it must be ours too.
          String rest = name.substring("META-INF/versions/".length());
          int slash = rest.indexOf('/');
          path = slash < 0 ? "" : rest.substring(slash + 1);
        } else if (name.startsWith("META-INF/")) {
          continue;
        }
        boolean ours = path.isEmpty() || path.startsWith("dev/ocipkg/") || "dev/".equals(path);
        if (!ours && !path.endsWith("/")) {
          outside.add(name);
        }
      }
    }
    assertThat(outside).as("entries outside dev/ocipkg/ and META-INF/").isEmpty();
  }

  /**
   * What the jar's classes may name without carrying it: annotations, what the agent leaves out on
   * purpose (JNA, zstd-jni) and the optional providers its libraries look for before using them
   * (Commons Compress's xz and brotli, GraalVM's native-image hooks).
   */
  private static final List<String> OPTIONAL =
      List.of(
          "org/jspecify/",
          "com/google/errorprone/annotations/",
          "com/sun/jna/",
          "com/github/luben/zstd/",
          "org/tukaani/xz/",
          "org/brotli/",
          "com/oracle/svm/",
          "org/graalvm/");

  @Test
  void everyClassTheJarsClassesNameIsInTheJarOrTheJdk() throws Exception {
    // minimizeJar keeps what the agent's classes reach; a class it dropped wrongly fails here,
    // not in an application at its first cold pull.
    Set<String> missing = new TreeSet<>();
    try (JarFile jar = new JarFile(JAR.toFile())) {
      Set<String> inJar = new HashSet<>();
      List<JarEntry> classes = new ArrayList<>();
      for (Enumeration<JarEntry> e = jar.entries(); e.hasMoreElements(); ) {
        JarEntry entry = e.nextElement();
        if (entry.getName().endsWith(".class")) {
          inJar.add(entry.getName().replaceFirst("^META-INF/versions/\\d+/", ""));
          classes.add(entry);
        }
      }
      ClassLoader jdk = ClassLoader.getPlatformClassLoader();
      for (JarEntry entry : classes) {
        byte[] bytes;
        try (InputStream in = jar.getInputStream(entry)) {
          bytes = in.readAllBytes();
        }
        for (String name : classNames(bytes)) {
          String file = name + ".class";
          if (!inJar.contains(file)
              && OPTIONAL.stream().noneMatch(name::startsWith)
              && jdk.getResource(file) == null) {
            missing.add(name + " (named by " + entry.getName() + ")");
          }
        }
      }
    }
    assertThat(missing).as("classes named in the agent jar but not in it").isEmpty();
  }

  /** The classes a class file's constant pool names (JVMS 4.4), array types by their element. */
  private static List<String> classNames(byte[] classFile) throws IOException {
    DataInputStream in = new DataInputStream(new ByteArrayInputStream(classFile));
    in.readInt(); // magic
    in.readInt(); // minor, major
    int count = in.readUnsignedShort();
    String[] utf8 = new String[count];
    List<Integer> classIndexes = new ArrayList<>();
    for (int i = 1; i < count; i++) {
      int tag = in.readUnsignedByte();
      switch (tag) {
        case 1 -> utf8[i] = in.readUTF();
        case 7 -> classIndexes.add(in.readUnsignedShort());
        case 8, 16, 19, 20 -> in.skipBytes(2);
        case 15 -> in.skipBytes(3);
        case 3, 4, 9, 10, 11, 12, 17, 18 -> in.skipBytes(4);
        case 5, 6 -> {
          in.skipBytes(8);
          i++;
        }
        default -> throw new IOException("constant pool tag " + tag);
      }
    }
    List<String> names = new ArrayList<>();
    for (int index : classIndexes) {
      String name = utf8[index];
      if (name.startsWith("[")) {
        int element = name.indexOf('L');
        if (element < 0) {
          continue; // an array of primitives
        }
        name = name.substring(element + 1, name.length() - 1);
      }
      names.add(name);
    }
    return names;
  }

  @Test
  void jnaAndZstdAreLeftOutAndTheRelocatedLibrariesAreIn() throws Exception {
    try (JarFile jar = new JarFile(JAR.toFile())) {
      assertThat(jar.getEntry("com/sun/jna/Native.class")).isNull();
      assertThat(jar.getEntry("dev/ocipkg/agent/shaded/jna/Native.class")).isNull();
      assertThat(jar.stream().map(JarEntry::getName).filter(n -> n.contains("zstd-jni"))).isEmpty();
      assertThat(jar.stream().map(JarEntry::getName).filter(n -> n.contains("/luben/"))).isEmpty();
      assertThat(
              jar.stream()
                  .map(JarEntry::getName)
                  .filter(n -> n.contains("jackson") || n.contains("caffeine")))
          .as("the loader reads and writes JSON and keeps its caches itself")
          .isEmpty();
      assertThat(jar.stream().map(JarEntry::getName))
          .anyMatch(n -> n.startsWith("dev/ocipkg/agent/shaded/commons/compress/"));
      assertThat(jar.stream().map(JarEntry::getName).filter(n -> n.contains("okhttp"))).isEmpty();
      assertThat(jar.getEntry("dev/ocipkg/NativeLoader.class")).isNotNull();
    }
  }
}
