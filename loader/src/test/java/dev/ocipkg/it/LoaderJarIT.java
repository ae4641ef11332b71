package dev.ocipkg.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.jar.JarFile;
import java.util.zip.ZipEntry;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The packaged loader jar as the JVM reads it: its entries stored, not deflated (a fresh JVM reads
 * the warm path's classes from it in still-interpreted code, where inflating them cost about 5 ms
 * of a cached load; see the benchmarks), and the FFM layer in its multi-release folder.
 */
@Tag("java17")
class LoaderJarIT {
  @Test
  void storesItsEntriesAndKeepsTheFfmLayer() throws Exception {
    Path jar = Path.of(System.getProperty("ocipkg.it.loader.jar"));
    List<String> deflated = new ArrayList<>();
    try (JarFile file = new JarFile(jar.toFile())) {
      file.stream()
          .filter(e -> !e.isDirectory() && e.getMethod() != ZipEntry.STORED)
          .forEach(e -> deflated.add(e.getName()));

      assertThat(deflated).as("deflated entries").isEmpty();
      assertThat(file.isMultiRelease()).isTrue();
      assertThat(file.getEntry("META-INF/versions/22/dev/ocipkg/internal/link/ForeignLinker.class"))
          .isNotNull();
    }
  }
}
