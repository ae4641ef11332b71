package dev.ocipkg.internal.scan;

import java.io.BufferedInputStream;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.FileInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.jar.JarInputStream;
import java.util.jar.Manifest;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
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

  private static final byte[] ATTRIBUTE_LOWER_CASE = lowerCaseHeader(ATTRIBUTE);
  private static final byte[] BOOT_LIB_LOWER_CASE = lowerCaseHeader(BOOT_LIB);

  /** How much of a manifest is inflated at a time: a usual main section fits. */
  private static final int CHUNK = 1024;

  private ManifestImages() {}

  public static List<String> onClassPath(String classPath) {
    List<String> references = new ArrayList<>();
    for (File jar : jarsOn(classPath)) {
      references.addAll(inJar(jar));
    }
    return references;
  }

  /** The jars of {@code classPath} that {@link #onClassPath} reads, in order. */
  public static List<File> jarsOn(String classPath) {
    List<File> jars = new ArrayList<>();
    for (String entry : classPath.split(File.pathSeparator)) {
      File jar = new File(entry);
      if (entry.endsWith(".jar") && jar.isFile()) {
        jars.add(jar);
      }
    }
    return jars;
  }

  /** The references of {@code jar}'s manifest and, in a Boot jar, of its nested library jars. */
  public static List<String> inJar(File jar) {
    byte[] leadingMain = leadingMainSection(jar);
    if (leadingMain != null
        && !startsALine(leadingMain, ATTRIBUTE_LOWER_CASE)
        && !startsALine(leadingMain, BOOT_LIB_LOWER_CASE)) {
      return new ArrayList<>(); // the usual jar: names nothing, and is not parsed
    }
    Manifest leading = leadingMain == null ? null : parsed(leadingMain);
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
   * The main section of the manifest where the jar tools put it, in the first entries (after a
   * {@code META-INF/} folder, as {@link JarInputStream} finds it), read as a stream from the start
   * of the file: the central directory is not read. The Java agent reads the manifest of every jar
   * on the class path at start-up, and reading a large jar's directory (thousands of entries) costs
   * milliseconds per jar in a fresh JVM. Null where it is not there (no manifest, one stored
   * further in, data in front of the zip): the central directory then decides.
   */
  private static byte @Nullable [] leadingMainSection(File jar) {
    try (InputStream file = new FileInputStream(jar);
        ZipInputStream stream = new ZipInputStream(new BufferedInputStream(file))) {
      ZipEntry entry = stream.getNextEntry();
      if (entry != null && entry.getName().equalsIgnoreCase("META-INF/")) {
        entry = stream.getNextEntry();
      }
      if (entry == null || !entry.getName().equalsIgnoreCase(JarFile.MANIFEST_NAME)) {
        return null;
      }
      return mainSection(stream);
    } catch (IOException | RuntimeException e) {
      return null;
    }
  }

  /**
   * The bytes of {@code manifest} before its first empty line: its main section, where both
   * attributes read here live, or the whole manifest if it has no empty line. Read no further: a
   * signed jar's manifest goes on with a digest of every entry (BouncyCastle's {@code bcprov}: 835
   * KB), which the agent would otherwise inflate and search at every JVM start.
   */
  static byte[] mainSection(InputStream manifest) throws IOException {
    ByteArrayOutputStream section = new ByteArrayOutputStream(CHUNK);
    byte[] chunk = new byte[CHUNK];
    boolean atLineStart = true;
    boolean afterCarriageReturn = false;
    for (int n = manifest.read(chunk); n >= 0; n = manifest.read(chunk)) {
      for (int i = 0; i < n; i++) {
        byte b = chunk[i];
        if (afterCarriageReturn && b == '\n') {
          afterCarriageReturn = false; // the rest of a CR LF line end
          continue;
        }
        afterCarriageReturn = b == '\r';
        if (b == '\r' || b == '\n') {
          if (atLineStart) { // an empty line: the main section ends before it
            section.write(chunk, 0, i);
            return section.toByteArray();
          }
          atLineStart = true;
        } else {
          atLineStart = false;
        }
      }
      section.write(chunk, 0, n);
    }
    return section.toByteArray();
  }

  private static @Nullable Manifest parsed(byte[] manifest) {
    try {
      return new Manifest(new ByteArrayInputStream(manifest));
    } catch (IOException | RuntimeException e) {
      return null; // the central directory then decides, as for a jar it cannot stream
    }
  }

  /**
   * Whether a line of {@code manifest} starts with {@code lowerCaseName} in any case (attribute
   * names are case-insensitive, and a header's name always starts its line). A jar whose manifest
   * has neither {@link #ATTRIBUTE} nor {@link #BOOT_LIB} is passed over without parsing it: most
   * class path jars, read at every start with the agent.
   */
  static boolean startsALine(byte[] manifest, byte[] lowerCaseName) {
    int last = manifest.length - lowerCaseName.length;
    for (int line = 0; line >= 0 && line <= last; line = nextLine(manifest, line)) {
      int i = 0;
      while (i < lowerCaseName.length && lowerCase(manifest[line + i]) == lowerCaseName[i]) {
        i++;
      }
      if (i == lowerCaseName.length) {
        return true;
      }
    }
    return false;
  }

  /** Where the line after the one at {@code from} starts, or -1 after the last. */
  private static int nextLine(byte[] text, int from) {
    for (int i = from; i < text.length; i++) {
      if (text[i] == '\n' || text[i] == '\r') {
        return i + 1;
      }
    }
    return -1;
  }

  private static int lowerCase(byte b) {
    return b >= 'A' && b <= 'Z' ? b + ('a' - 'A') : b;
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

  /** {@code name} and the colon after it, in lower case, as {@link #startsALine} compares. */
  private static byte[] lowerCaseHeader(String name) {
    return (name.toLowerCase(Locale.ROOT) + ":").getBytes(StandardCharsets.US_ASCII);
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
