package dev.ocipkg.testlibs;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

/**
 * The native test libraries of this module, extracted for the host platform into a temporary
 * folder, one per JVM.
 *
 * <p>The Maven build compiles them from {@code src/main/c} with the system C compiler and stores
 * them as resources under {@code dev/ocipkg/testlibs/<os>-<arch>/} with an index, {@code
 * files.txt}, that lists each file and each symbolic link (a jar keeps no links). The first call of
 * any method that returns a path extracts every file and recreates every link; later calls, from
 * any thread, return paths in the same folder. The folder is deleted when the JVM exits.
 *
 * <p>The folder holds:
 *
 * <ul>
 *   <li>{@code libocipkg_demo.so}: {@code int32_t demo_add(int32_t, int32_t)}, {@code const char
 *       *demo_version(void)} returning {@value #DEMO_VERSION}, {@code int64_t demo_sum_bytes(const
 *       uint8_t *, int32_t)};
 *   <li>{@code libocipkg_jni_demo.so}: the JNI methods of {@link JniDemo};
 *   <li>{@code libouter.so}: {@code int32_t outer_call(int32_t x)} returning {@code x + 40}, where
 *       40 comes from {@code inner_value()} in {@code libinner}, which libouter needs by its SONAME
 *       {@code libinner.so.1} and finds through the run path {@code $ORIGIN};
 *   <li>{@code libinner.so.1.0.0} with the links {@code libinner.so.1 -> libinner.so.1.0.0} and
 *       {@code libinner.so -> libinner.so.1};
 *   <li>{@code foreign/libocipkg_demo.so}: an ELF file for another machine (AArch64 on an x86-64
 *       host, x86-64 elsewhere), which the dynamic loader refuses;
 *   <li>{@code notelf/libnotelf.so}: text under a library's name.
 * </ul>
 */
public final class NativeTestLibs {

  /** What {@code demo_version()} in {@code libocipkg_demo.so} returns. */
  public static final String DEMO_VERSION = "ocipkg-demo 1.0.0";

  /** What {@link JniDemo#version()} returns. */
  public static final String JNI_DEMO_VERSION = "ocipkg-jni-demo 1.0.0";

  private static final String RESOURCES = "/dev/ocipkg/testlibs/";
  private static final String INDEX = "files.txt";
  private static final String BUILT_PLATFORMS = "platforms.txt";

  private static final String DEMO = "libocipkg_demo.so";
  private static final String JNI_DEMO = "libocipkg_jni_demo.so";
  private static final String OUTER = "libouter.so";
  private static final String OUTER_WITHOUT_RUN_PATH = "libouter_norunpath.so";
  private static final String INNER = "libinner.so.1.0.0";
  private static final String WRONG_ARCHITECTURE = "foreign/libocipkg_demo.so";
  private static final String NOT_ELF = "notelf/libnotelf.so";

  /** What {@link #copyPackageTo(Path)} copies, each link after its target. */
  private static final List<String> PACKAGE =
      List.of(DEMO, JNI_DEMO, OUTER, INNER, "libinner.so.1", "libinner.so");

  private static final Object EXTRACTION_LOCK = new Object();
  private static volatile Path directory;

  private NativeTestLibs() {}

  /**
   * Returns the OCI platform of this JVM, {@code os/architecture} as OCI spells them: {@code
   * linux/amd64}, {@code linux/arm64}, {@code darwin/arm64}, {@code windows/amd64}.
   */
  public static String platform() {
    return os(System.getProperty("os.name")) + "/" + architecture(System.getProperty("os.arch"));
  }

  /**
   * Returns the folder that holds the libraries for this platform, extracting them on the first
   * call.
   *
   * @throws IllegalStateException if the class path holds no libraries for this platform
   * @throws UncheckedIOException if they cannot be extracted
   */
  public static Path directory() {
    Path extracted = directory;
    if (extracted == null) {
      synchronized (EXTRACTION_LOCK) {
        extracted = directory;
        if (extracted == null) {
          extracted = extract();
          directory = extracted;
        }
      }
    }
    return extracted;
  }

  /** Returns {@code libocipkg_demo.so}, a plain C library for JNA and FFM callers. */
  public static Path demo() {
    return directory().resolve(DEMO);
  }

  /** Returns {@code libocipkg_jni_demo.so}, the JNI library of {@link JniDemo}. */
  public static Path jniDemo() {
    return directory().resolve(JNI_DEMO);
  }

  /** Returns {@code libouter.so}, which loads only with {@code libinner.so.1} next to it. */
  public static Path outer() {
    return directory().resolve(OUTER);
  }

  /**
   * Returns {@code libouter_norunpath.so}, which needs {@code libinner.so.1} by SONAME and has no
   * run path to find it beside itself.
   */
  public static Path outerWithoutRunPath() {
    return directory().resolve(OUTER_WITHOUT_RUN_PATH);
  }

  /** Returns {@code libinner.so.1.0.0}, the real file behind {@code libinner.so.1}. */
  public static Path inner() {
    return directory().resolve(INNER);
  }

  /** Returns a copy of {@code libocipkg_demo.so} built for another machine. */
  public static Path wrongArchitecture() {
    return directory().resolve(WRONG_ARCHITECTURE);
  }

  /** Returns a text file named like a shared library. */
  public static Path notElf() {
    return directory().resolve(NOT_ELF);
  }

  /**
   * Copies the loadable libraries (demo, JNI demo, outer, and inner with its two links) into a
   * folder, as the files of a package, for example to build an OCI layout fixture.
   *
   * <p>Links are copied as links. A file that already exists in {@code target} is never replaced.
   *
   * @param target the folder, created if missing
   * @return the paths created in {@code target}, links after the files they point to
   * @throws java.nio.file.FileAlreadyExistsException if {@code target} holds one of the names
   */
  public static List<Path> copyPackageTo(Path target) throws IOException {
    Path source = directory();
    Files.createDirectories(target);
    List<Path> copied = new ArrayList<>();
    for (String name : PACKAGE) {
      copied.add(Files.copy(source.resolve(name), target.resolve(name), LinkOption.NOFOLLOW_LINKS));
    }
    return List.copyOf(copied);
  }

  private static Path extract() {
    String platform = platform();
    String root = RESOURCES + platform.replace('/', '-') + "/";
    List<IndexEntry> index = readIndex(platform, root);
    try {
      Path target = Files.createTempDirectory("ocipkg-testlibs");
      Runtime.getRuntime()
          .addShutdownHook(new Thread(() -> deleteQuietly(target), "ocipkg-testlibs-cleanup"));
      for (IndexEntry entry : index) {
        Path path = entry.resolveIn(target);
        Files.createDirectories(path.getParent());
        if (entry.isLink()) {
          Files.createSymbolicLink(path, path.getFileSystem().getPath(entry.linkTarget()));
        } else {
          try (InputStream in = open(root + entry.path())) {
            if (in == null) {
              throw new IllegalStateException(
                  "The index " + root + INDEX + " lists " + entry.path() + ", which is missing");
            }
            Files.copy(in, path);
          }
        }
      }
      return target;
    } catch (IOException e) {
      throw new UncheckedIOException(
          "Could not extract the native test libraries for " + platform + " from " + root, e);
    }
  }

  private static List<IndexEntry> readIndex(String platform, String root) {
    try (InputStream in = open(root + INDEX)) {
      if (in == null) {
        throw new IllegalStateException(missingPlatformMessage(platform));
      }
      List<IndexEntry> entries = new ArrayList<>();
      BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
      for (String line = reader.readLine(); line != null; line = reader.readLine()) {
        if (!line.isBlank() && !line.startsWith("#")) {
          entries.add(IndexEntry.parse(line, root + INDEX));
        }
      }
      return entries;
    } catch (IOException e) {
      throw new UncheckedIOException("Could not read " + root + INDEX, e);
    }
  }

  private static String missingPlatformMessage(String platform) throws IOException {
    try (InputStream in = open(RESOURCES + BUILT_PLATFORMS)) {
      if (in == null) {
        return "No native test libraries on the class path (no "
            + RESOURCES
            + BUILT_PLATFORMS
            + "): build them with 'mvn -pl native-test-libs process-classes'";
      }
      String built = new String(in.readAllBytes(), StandardCharsets.UTF_8).strip();
      return "No native test libraries for "
          + platform
          + ": this ocipkg-native-test-libs holds "
          + built
          + " only, because its build compiles them for the machine that runs it;"
          + " build the module on a "
          + platform
          + " machine";
    }
  }

  private static InputStream open(String resource) {
    return NativeTestLibs.class.getResourceAsStream(resource);
  }

  private static void deleteQuietly(Path root) {
    try (Stream<Path> paths = Files.walk(root)) {
      // Deepest first, so that each folder is empty when its turn comes.
      for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(path);
      }
    } catch (IOException | UncheckedIOException e) {
      // A leftover temporary folder is not worth failing a JVM's shutdown for.
    }
  }

  private static String os(String osName) {
    String name = osName.toLowerCase(Locale.ROOT);
    if (name.startsWith("linux")) {
      return "linux";
    } else if (name.startsWith("mac") || name.startsWith("darwin")) {
      return "darwin";
    } else if (name.startsWith("windows")) {
      return "windows";
    }
    return name.replace(" ", "");
  }

  private static String architecture(String osArch) {
    String arch = osArch.toLowerCase(Locale.ROOT);
    return switch (arch) {
      case "amd64", "x86_64" -> "amd64";
      case "aarch64", "arm64" -> "arm64";
      case "x86", "i386", "i486", "i586", "i686" -> "386";
      default -> arch;
    };
  }

  /** One line of the index: {@code file PATH} or {@code link PATH -> TARGET}. */
  private record IndexEntry(String path, String linkTarget) {

    static IndexEntry parse(String line, String index) {
      if (line.startsWith("file ")) {
        return checked(new IndexEntry(line.substring("file ".length()), null), line, index);
      }
      int arrow = line.indexOf(" -> ");
      if (line.startsWith("link ") && arrow > 0) {
        return checked(
            new IndexEntry(line.substring("link ".length(), arrow), line.substring(arrow + 4)),
            line,
            index);
      }
      throw new IllegalStateException("Malformed line in " + index + ": '" + line + "'");
    }

    boolean isLink() {
      return linkTarget != null;
    }

    Path resolveIn(Path root) {
      return root.resolve(path);
    }

    /** The index comes from this module's build, but a path out of the folder is still refused. */
    private static IndexEntry checked(IndexEntry entry, String line, String index) {
      Path root = Path.of("root");
      Path path = entry.resolveIn(root).normalize();
      boolean inside = path.startsWith(root) && !path.equals(root);
      if (entry.isLink()) {
        Path target = path.resolveSibling(entry.linkTarget()).normalize();
        inside &= !Path.of(entry.linkTarget()).isAbsolute() && target.startsWith(root);
      }
      if (Path.of(entry.path()).isAbsolute() || !inside) {
        throw new IllegalStateException(
            "Line in " + index + " names a path outside the folder: '" + line + "'");
      }
      return entry;
    }
  }
}
