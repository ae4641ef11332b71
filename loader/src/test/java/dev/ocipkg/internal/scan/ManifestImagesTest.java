package dev.ocipkg.internal.scan;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.SequenceInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Ocipkg-Images in plain jars and in the library jars nested in a Spring Boot executable jar. */
class ManifestImagesTest {
  @TempDir Path work;

  @Test
  void readsTheOuterJarAndEveryNestedLibraryOfABootJar() throws IOException {
    byte[] libA = jar(manifest("Ocipkg-Images", "ghcr.io/acme/liba:1, ghcr.io/acme/libb:2"));
    byte[] libC = jar(manifest("Ocipkg-Images", "ghcr.io/acme/libc:3"));
    byte[] plain = jar(manifest("Implementation-Title", "no images"));
    Manifest outer = manifest("Ocipkg-Images", "ghcr.io/acme/app:1");
    outer.getMainAttributes().putValue("Spring-Boot-Lib", "BOOT-INF/lib/");
    Path boot = work.resolve("app.jar");
    Files.write(
        boot,
        jar(
            outer,
            "BOOT-INF/lib/liba-1.jar",
            libA,
            "BOOT-INF/lib/plain-1.jar",
            plain,
            "BOOT-INF/lib/libc-1.jar",
            libC,
            // Not a library folder of the Boot jar: never read.
            "other/libd.jar",
            jar(manifest("Ocipkg-Images", "ghcr.io/acme/libd:4"))));

    assertThat(ManifestImages.onClassPath(boot.toString()))
        .containsExactly(
            "ghcr.io/acme/app:1",
            "ghcr.io/acme/liba:1",
            "ghcr.io/acme/libb:2",
            "ghcr.io/acme/libc:3");
  }

  @Test
  void aPlainJarsNestedJarsAreNotLibraries() throws IOException {
    Path jar = work.resolve("fat.jar");
    Files.write(
        jar,
        jar(
            manifest("Main-Class", "app.Main"),
            "BOOT-INF/lib/liba.jar",
            jar(manifest("Ocipkg-Images", "ghcr.io/acme/liba:1"))));
    assertThat(ManifestImages.onClassPath(jar.toString())).isEmpty();
  }

  @Test
  void aManifestStoredAfterOtherEntriesIsFoundThroughTheCentralDirectory() throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (ZipOutputStream out = new ZipOutputStream(bytes)) {
      out.putNextEntry(new ZipEntry("app/Main.class"));
      out.write(new byte[] {1, 2, 3});
      out.closeEntry();
      out.putNextEntry(new ZipEntry(JarFile.MANIFEST_NAME));
      manifest("Ocipkg-Images", "ghcr.io/acme/late:1").write(out);
      out.closeEntry();
    }
    Path jar = Files.write(work.resolve("late.jar"), bytes.toByteArray());

    assertThat(ManifestImages.onClassPath(jar.toString())).containsExactly("ghcr.io/acme/late:1");
  }

  @Test
  void aJarWithALaunchScriptInFrontIsRead() throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    bytes.write("#!/bin/sh\nexec java -jar \"$0\" \"$@\"\n".getBytes(StandardCharsets.US_ASCII));
    bytes.write(jar(manifest("Ocipkg-Images", "ghcr.io/acme/script:1")));
    Path jar = Files.write(work.resolve("executable.jar"), bytes.toByteArray());

    assertThat(ManifestImages.onClassPath(jar.toString())).containsExactly("ghcr.io/acme/script:1");
  }

  @Test
  void aJarWithoutAManifestNamesNothing() throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (ZipOutputStream out = new ZipOutputStream(bytes)) {
      out.putNextEntry(new ZipEntry("app/Main.class"));
      out.write(new byte[] {1, 2, 3});
      out.closeEntry();
    }
    Path jar = Files.write(work.resolve("bare.jar"), bytes.toByteArray());

    assertThat(ManifestImages.onClassPath(jar.toString())).isEmpty();
  }

  @Test
  void theAttributeIsFoundInAnyCaseAndWithAValueLongerThanOneLine() throws IOException {
    // The jar tools break lines at 72 bytes: the rest of the value is on continuation lines.
    String many =
        "ghcr.io/acme/first-library-with-a-long-name:1.0.0 ghcr.io/acme/second:2"
            + " ghcr.io/acme/third-library-with-a-long-name:3.0.0";
    Path upper = Files.write(work.resolve("upper.jar"), jar(manifest("OCIPKG-IMAGES", many)));
    Path lower =
        Files.write(work.resolve("lower.jar"), jar(manifest("ocipkg-images", "ghcr.io/acme/x:1")));

    assertThat(ManifestImages.onClassPath(upper + File.pathSeparator + lower))
        .containsExactly(
            "ghcr.io/acme/first-library-with-a-long-name:1.0.0",
            "ghcr.io/acme/second:2",
            "ghcr.io/acme/third-library-with-a-long-name:3.0.0",
            "ghcr.io/acme/x:1");
  }

  @Test
  void theNameInAnotherAttributesValueNamesNothing() throws IOException {
    Path jar =
        Files.write(
            work.resolve("mention.jar"),
            jar(manifest("Implementation-Title", "Ocipkg-Images: ghcr.io/acme/not-this:1")));

    assertThat(ManifestImages.onClassPath(jar.toString())).isEmpty();
  }

  @Test
  void aHeaderIsFoundAtTheStartOfAnyLineWhateverTheLineEnds() {
    byte[] name = "ocipkg-images:".getBytes(StandardCharsets.US_ASCII);

    assertThat(ManifestImages.startsALine(bytes("Ocipkg-Images: a"), name)).isTrue();
    assertThat(ManifestImages.startsALine(bytes("M: 1\r\nOCIPKG-images: a\r\n"), name)).isTrue();
    assertThat(ManifestImages.startsALine(bytes("M: 1\rOcipkg-Images: a"), name)).isTrue();
    assertThat(ManifestImages.startsALine(bytes("M: 1\nOcipkg-Images:"), name)).isTrue();
    assertThat(ManifestImages.startsALine(bytes("X-Ocipkg-Images: a\n"), name)).isFalse();
    assertThat(ManifestImages.startsALine(bytes("M: 1\n Ocipkg-Images: a\n"), name)).isFalse();
    assertThat(ManifestImages.startsALine(bytes("M: 1\nOcipkg-Images"), name)).isFalse();
    assertThat(ManifestImages.startsALine(bytes(""), name)).isFalse();
  }

  @Test
  void aSignedJarsManifestIsReadForItsMainSectionWhateverFollows() throws IOException {
    Manifest signed = manifest("Ocipkg-Images", "ghcr.io/acme/signed:1");
    for (int i = 0; i < 5000; i++) { // a digest of every entry, as in BouncyCastle's jars
      Attributes digest = new Attributes();
      digest.putValue("SHA-256-Digest", "47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=");
      signed.getEntries().put("org/acme/Class" + i + ".class", digest);
    }
    Path jar = Files.write(work.resolve("signed.jar"), jar(signed));

    assertThat(ManifestImages.onClassPath(jar.toString())).containsExactly("ghcr.io/acme/signed:1");
  }

  @Test
  void theMainSectionEndsAtTheFirstEmptyLineWhateverTheLineEnds() throws IOException {
    assertThat(mainSection("A: 1\nB: 2\n\nName: x\nC: 3\n")).isEqualTo("A: 1\nB: 2\n");
    assertThat(mainSection("A: 1\r\n\r\nName: x\r\n")).isEqualTo("A: 1\r\n");
    assertThat(mainSection("A: 1\r\rName: x\r")).isEqualTo("A: 1\r");
    assertThat(mainSection("A: 1\n long\n\n")).isEqualTo("A: 1\n long\n");
    assertThat(mainSection("A: 1\nB: 2")).isEqualTo("A: 1\nB: 2");
    assertThat(mainSection("\nName: x\n")).isEmpty();
  }

  @Test
  void theMainSectionEndsOnALineEndSplitAcrossReads() throws IOException {
    // CR here, LF in the next read: one line end, not the empty line that ends the section
    InputStream twoReads =
        new SequenceInputStream(
            new ByteArrayInputStream(bytes("A: 1\r")),
            new ByteArrayInputStream(bytes("\nB: 2\r\n\r\n")));

    assertThat(new String(ManifestImages.mainSection(twoReads), StandardCharsets.UTF_8))
        .isEqualTo("A: 1\r\nB: 2\r\n");
  }

  @Test
  void nothingAfterTheMainSectionIsRead() throws IOException {
    InputStream rest =
        new InputStream() {
          @Override
          public int read() {
            throw new AssertionError("read past the main section");
          }
        };

    byte[] main =
        ManifestImages.mainSection(
            new SequenceInputStream(new ByteArrayInputStream(bytes("A: 1\n\n")), rest));

    assertThat(main).isEqualTo(bytes("A: 1\n"));
  }

  private static String mainSection(String manifest) throws IOException {
    return new String(
        ManifestImages.mainSection(new ByteArrayInputStream(bytes(manifest))),
        StandardCharsets.UTF_8);
  }

  private static byte[] bytes(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }

  private static Manifest manifest(String name, String value) {
    Manifest m = new Manifest();
    m.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
    m.getMainAttributes().putValue(name, value);
    return m;
  }

  /** A jar of {@code manifest} and (name, bytes) pairs, stored uncompressed as Boot stores them. */
  private static byte[] jar(Manifest manifest, Object... entries) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (JarOutputStream out = new JarOutputStream(bytes, manifest)) {
      for (int i = 0; i < entries.length; i += 2) {
        byte[] content = (byte[]) entries[i + 1];
        JarEntry entry = new JarEntry((String) entries[i]);
        entry.setMethod(ZipEntry.STORED);
        entry.setSize(content.length);
        CRC32 crc = new CRC32();
        crc.update(content);
        entry.setCrc(crc.getValue());
        out.putNextEntry(entry);
        ((OutputStream) out).write(content);
        out.closeEntry();
      }
    }
    return bytes.toByteArray();
  }
}
