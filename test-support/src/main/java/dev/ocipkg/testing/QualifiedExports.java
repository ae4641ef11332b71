package dev.ocipkg.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.lang.module.ModuleDescriptor;
import java.lang.module.ModuleFinder;
import java.lang.module.ModuleReference;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Checks an explicit module's qualified exports against the compiled classes of a module they name:
 * a front end that runs on the class path is never checked by the module system, so this is what
 * keeps the loader's {@code module-info} true to what the front ends use.
 */
public final class QualifiedExports {
  /** Package-like names in a class file: a class's binary name up to the class's own name. */
  private static final Pattern PACKAGE_OF_A_CLASS =
      Pattern.compile("(?:[a-z][a-z0-9_]*/)+(?=[A-Z])");

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
    Set<String> used = packagesReferencedBy(locationOf(importer));
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
    Path location = locationOf(exporter);
    Set<ModuleReference> found = ModuleFinder.of(location).findAll();
    if (found.size() != 1 || found.iterator().next().descriptor().isAutomatic()) {
      throw new AssertionError(location + " holds no explicit module");
    }
    return found.iterator().next().descriptor();
  }

  private static Set<String> packagesReferencedBy(Path location) throws IOException {
    if (Files.isDirectory(location)) {
      return packagesReferencedUnder(location);
    }
    try (FileSystem jar = FileSystems.newFileSystem(location)) {
      return packagesReferencedUnder(jar.getPath("/"));
    }
  }

  private static Set<String> packagesReferencedUnder(Path root) throws IOException {
    Set<String> packages = new TreeSet<>();
    try (Stream<Path> files = Files.walk(root)) {
      for (Path file : (Iterable<Path>) files::iterator) {
        if (file.toString().endsWith(".class")) {
          Matcher matcher =
              PACKAGE_OF_A_CLASS.matcher(
                  new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1));
          while (matcher.find()) {
            String name = matcher.group();
            packages.add(name.substring(0, name.length() - 1).replace('/', '.'));
          }
        }
      }
    }
    return packages;
  }

  private static Path locationOf(Class<?> type) {
    try {
      return Path.of(type.getProtectionDomain().getCodeSource().getLocation().toURI());
    } catch (URISyntaxException e) {
      throw new IllegalStateException("the location of " + type.getName(), e);
    }
  }
}
