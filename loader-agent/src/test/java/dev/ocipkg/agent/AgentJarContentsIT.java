package dev.ocipkg.agent;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import org.junit.jupiter.api.Test;

/**
 * Everything in the agent jar is relocated: an application's own JNA, Jackson, OkHttp or zstd-jni
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

  @Test
  void jnaAndZstdAreLeftOutAndTheRelocatedLibrariesAreIn() throws Exception {
    try (JarFile jar = new JarFile(JAR.toFile())) {
      assertThat(jar.getEntry("com/sun/jna/Native.class")).isNull();
      assertThat(jar.getEntry("dev/ocipkg/agent/shaded/jna/Native.class")).isNull();
      assertThat(jar.stream().map(JarEntry::getName).filter(n -> n.contains("zstd-jni"))).isEmpty();
      assertThat(jar.stream().map(JarEntry::getName).filter(n -> n.contains("/luben/"))).isEmpty();
      assertThat(jar.getEntry("dev/ocipkg/agent/shaded/okhttp3/OkHttpClient.class")).isNotNull();
      assertThat(jar.getEntry("dev/ocipkg/NativeLoader.class")).isNotNull();
    }
  }
}
