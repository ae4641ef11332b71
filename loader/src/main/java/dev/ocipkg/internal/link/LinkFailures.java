package dev.ocipkg.internal.link;

import dev.ocipkg.NativeLoadException;
import dev.ocipkg.Platform;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * Turns a failed link into an error that says what is wrong and how to fix it. The dynamic linker's
 * own words are often misleading (a library of another architecture is "No such file or
 * directory"), so the file itself and its mount are examined.
 */
final class LinkFailures {
  private static final Pattern MISSING_DEPENDENCY =
      Pattern.compile("([^\\s:/]+): cannot open shared object file");

  private LinkFailures() {}

  /** The file name of a dependency the dynamic linker could not find, or null. */
  static @Nullable String missingDependency(Throwable failure, Path library) {
    String message = String.valueOf(failure.getMessage());
    Matcher m = MISSING_DEPENDENCY.matcher(message);
    while (m.find()) {
      String name = m.group(1);
      if (!name.equals(library.getFileName().toString())) {
        return name;
      }
    }
    return null;
  }

  static NativeLoadException explain(Throwable failure, LinkTarget target) {
    Path file = target.file();
    String fileName = target.packageDir().relativize(file).toString();
    String problem;
    String hint;
    String host = Platform.current().architecture();
    String arch = ElfHeader.architectureOf(file);
    String noexecMount = MountOptions.noexecMountOf(file);
    String dependency = missingDependency(failure, file);
    if (noexecMount != null) {
      problem = "cannot map " + fileName + ": the cache is on " + noexecMount + ", mounted noexec";
      hint =
          "point the cache at a file system that allows executable mappings: -Docipkg.cache.dir=DIR"
              + " or OCIPKG_CACHE_DIR=DIR";
    } else if (Platform.current().os().equals("linux") && arch == null) {
      problem = fileName + " is not an ELF shared library, so it cannot be loaded on Linux";
      hint =
          "the package for "
              + target.platform()
              + " holds the wrong file; ask its publisher to fix it";
    } else if (arch != null && !arch.equals(host)) {
      problem = fileName + " was built for " + arch + ", but this JVM runs on " + host;
      hint =
          "the index entry for "
              + target.platform()
              + " holds a library of another architecture; ask its publisher to fix it, or pick"
              + " another platform (os/arch[/variant]): the loader takes it from ocipkg.platform or"
              + " OCIPKG_PLATFORM, the ocipkg command from --platform";
    } else if (dependency != null) {
      problem =
          fileName
              + " needs "
              + dependency
              + ", which is neither in the package nor on this system";
      hint =
          "install "
              + dependency
              + " on this machine, or ask the publisher to add it to the package (with an $ORIGIN"
              + " rpath)";
    } else {
      problem = "cannot load " + fileName + ": " + failure.getMessage();
      hint = null;
    }
    return NativeLoadException.builder(problem)
        .reference(target.reference())
        .registry(target.source())
        .platform(target.platform().toString())
        .hint(hint)
        .cause(failure)
        .build();
  }
}
