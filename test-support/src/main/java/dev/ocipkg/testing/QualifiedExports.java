package dev.ocipkg.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.lang.module.ModuleDescriptor;
import java.lang.module.ModuleFinder;
import java.lang.module.ModuleReference;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * Checks an explicit module's qualified exports against the compiled classes of a module they name:
 * a front end that runs on the class path is never checked by the module system, so this is what
 * keeps the loader's {@code module-info} true to what the front ends use.
 */
public final class QualifiedExports {
  private QualifiedExports() {}

  /**
   * Asserts that the packages the module of {@code exporter} exports to {@code importerModule} are
   * exactly those of its packages not exported to everyone that the classes beside {@code importer}
   * (its jar or class folder) refer to.
   *
   * @param exporter a class of the explicit module (read from its jar or class folder)
   * @param importerModule the name the qualified exports give the importer
   * @param importer a class of the importer
   */
  public static void assertExactlyWhatIsUsed(
      Class<?> exporter, String importerModule, Class<?> importer) throws IOException {
    ModuleDescriptor descriptor = descriptorOf(exporter);
    Set<String> internal = new TreeSet<>(descriptor.packages());
    descriptor.exports().stream()
        .filter(export -> !export.isQualified())
        .forEach(export -> internal.remove(export.source()));
    Set<String> used =
        ClassFileReferences.packagesReferencedBy(ClassFileReferences.locationOf(importer));
    used.retainAll(internal);
    Set<String> exported =
        descriptor.exports().stream()
            .filter(export -> export.targets().contains(importerModule))
            .map(ModuleDescriptor.Exports::source)
            .collect(Collectors.toCollection(TreeSet::new));
    assertEquals(
        used,
        exported,
        "the packages of "
            + descriptor.name()
            + " that "
            + importerModule
            + " uses (expected) against those its module-info exports to "
            + importerModule
            + " (actual): export to it each package it uses, and nothing else");
  }

  private static ModuleDescriptor descriptorOf(Class<?> exporter) {
    Path location = ClassFileReferences.locationOf(exporter);
    Set<ModuleReference> found = ModuleFinder.of(location).findAll();
    if (found.size() != 1 || found.iterator().next().descriptor().isAutomatic()) {
      throw new AssertionError(location + " holds no explicit module");
    }
    return found.iterator().next().descriptor();
  }
}
