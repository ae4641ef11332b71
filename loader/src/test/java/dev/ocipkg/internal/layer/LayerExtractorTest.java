package dev.ocipkg.internal.layer;

import static dev.ocipkg.internal.layer.TarLayerBuilder.OCIPKG;
import static dev.ocipkg.internal.layer.TarLayerBuilder.TAR;
import static dev.ocipkg.internal.layer.TarLayerBuilder.TAR_GZIP;
import static dev.ocipkg.internal.layer.TarLayerBuilder.TAR_ZSTD;
import static dev.ocipkg.internal.layer.TarLayerBuilder.tar;
import static dev.ocipkg.internal.layer.TarLayerBuilder.tarGzip;
import static dev.ocipkg.internal.layer.TarLayerBuilder.tarZstd;
import static dev.ocipkg.internal.layer.TarLayerBuilder.utf8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LayerExtractorTest {
  private static final String LAYER = "sha256:test-layer";
  private static final Map<String, String> NO_ANNOTATIONS = Map.of();

  @TempDir Path temp;
  private Path pkg;
  private final LayerExtractor extractor = new LayerExtractor(ExtractionLimits.defaults());

  @BeforeEach
  void createPackageDir() throws IOException {
    pkg = Files.createDirectories(temp.resolve("sandbox/pkg"));
  }

  @Test
  void extractsFilesDirectoriesAndModes() throws IOException {
    byte[] layer =
        tarGzip()
            .directory("./")
            .directory("lib/", 0700)
            .file("lib/libfoo.so", utf8("ELF"), 0755)
            .file("README", utf8("hello"), 0644)
            .file("bin/tool", utf8("#!"), 04755)
            .file("share/data", utf8("d"), 0666)
            .file("secret", utf8("s"), 0)
            .build();

    extract(layer, OCIPKG);

    assertThat(pkg.resolve("lib/libfoo.so")).hasContent("ELF");
    assertThat(pkg.resolve("README")).hasContent("hello");
    assertThat(mode(pkg.resolve("lib"))).isEqualTo("rwx------");
    assertThat(mode(pkg.resolve("lib/libfoo.so"))).isEqualTo("rwxr-xr-x");
    assertThat(mode(pkg.resolve("README"))).isEqualTo("rw-r--r--");
    assertThat(mode(pkg.resolve("bin"))).isEqualTo("rwxr-xr-x");
    assertThat(unixMode(pkg.resolve("bin/tool"))).isEqualTo(0755); // setuid dropped
    assertThat(mode(pkg.resolve("share/data"))).isEqualTo("rw-r--r--"); // no group/other write
    assertThat(mode(pkg.resolve("secret"))).isEqualTo("r--------");
    assertThat(extractor.bytesWritten()).isEqualTo(3 + 5 + 2 + 1 + 1);
    assertThat(extractor.entriesExtracted()).isEqualTo(7);
  }

  @Test
  void modesGetNoBitThePackageFolderLacksAndFoldersKeepASharedGroup() throws IOException {
    byte[] layer =
        tarGzip()
            .directory("lib/", 0755)
            .file("lib/libfoo.so", utf8("ELF"), 0755)
            .file("share/doc/README", utf8("hello"), 0644)
            .build();
    // A cache shared by a group (setgid, umask 002), then one of a user whose umask is 077.
    Files.setAttribute(pkg, "unix:mode", 02770);

    extract(layer, OCIPKG);

    assertThat(unixMode(pkg.resolve("lib"))).isEqualTo(02770);
    assertThat(unixMode(pkg.resolve("share"))).isEqualTo(02770);
    assertThat(unixMode(pkg.resolve("share/doc"))).isEqualTo(02770);
    assertThat(unixMode(pkg.resolve("lib/libfoo.so"))).isEqualTo(0750); // files: never group write
    assertThat(unixMode(pkg.resolve("share/doc/README"))).isEqualTo(0640);

    Path private077 = Files.createDirectories(temp.resolve("private"));
    Files.setAttribute(private077, "unix:mode", 0700);
    new LayerExtractor(ExtractionLimits.defaults())
        .extract(new ByteArrayInputStream(layer), OCIPKG, NO_ANNOTATIONS, private077, LAYER);

    assertThat(unixMode(private077.resolve("lib"))).isEqualTo(0700);
    assertThat(unixMode(private077.resolve("lib/libfoo.so"))).isEqualTo(0700);
    assertThat(unixMode(private077.resolve("share/doc/README"))).isEqualTo(0600);
  }

  @Test
  void keepsSymlinkChainsInsideThePackage() throws IOException {
    byte[] layer =
        tarGzip()
            .file("lib/libinner.so.1.0.0", utf8("inner"), 0755)
            .symlink("lib/libinner.so.1", "libinner.so.1.0.0")
            .symlink("lib/libinner.so", "libinner.so.1")
            .symlink("libinner.so", "lib/./libinner.so")
            .symlink("lib64/libinner.so", "../lib/libinner.so")
            .symlink("here", ".")
            .build();

    extract(layer, TAR_GZIP);

    Path so = pkg.resolve("lib/libinner.so");
    assertThat(Files.isSymbolicLink(so)).isTrue();
    assertThat(Files.readSymbolicLink(so)).hasToString("libinner.so.1");
    assertThat(Files.readSymbolicLink(pkg.resolve("lib/libinner.so.1")))
        .hasToString("libinner.so.1.0.0");
    assertThat(so).hasContent("inner");
    assertThat(pkg.resolve("libinner.so")).hasContent("inner");
    assertThat(pkg.resolve("lib64/libinner.so")).hasContent("inner");
    assertThat(so.toRealPath()).isEqualTo(pkg.resolve("lib/libinner.so.1.0.0").toRealPath());
    assertThat(pkg.resolve("here").toRealPath()).isEqualTo(pkg.toRealPath());
  }

  @Test
  void hardLinksInsideThePackage() throws IOException {
    byte[] layer =
        tarGzip()
            .file("lib/libfoo.so.1", utf8("foo"), 0755)
            .hardLink("lib/libfoo.so", "lib/libfoo.so.1")
            .hardLink("libfoo-copy.so", "./lib/libfoo.so.1")
            .build();

    extract(layer, TAR_GZIP);

    assertThat(pkg.resolve("lib/libfoo.so")).hasContent("foo");
    assertThat(Files.isSymbolicLink(pkg.resolve("lib/libfoo.so"))).isFalse();
    assertThat(Files.isSameFile(pkg.resolve("lib/libfoo.so"), pkg.resolve("lib/libfoo.so.1")))
        .isTrue();
    assertThat(Files.getAttribute(pkg.resolve("lib/libfoo.so.1"), "unix:nlink")).isEqualTo(3);
    assertThat(extractor.bytesWritten()).isEqualTo(3);
  }

  @Test
  void extractsPlainAndZstdLayers() throws IOException {
    extract(tarZstd().file("z/libz.so", "zstd").build(), TAR_ZSTD);
    extract(
        tar().file("t/libt.so", "plain").build(), "application/vnd.docker.image.rootfs.diff.tar");
    extract(
        tarGzip().file("d/libd.so", "docker").build(),
        "application/vnd.docker.image.rootfs.diff.tar.gzip");

    assertThat(pkg.resolve("z/libz.so")).hasContent("zstd");
    assertThat(pkg.resolve("t/libt.so")).hasContent("plain");
    assertThat(pkg.resolve("d/libd.so")).hasContent("docker");
  }

  @Test
  void readsConcatenatedGzipMembers() throws IOException {
    byte[] tar = tar().file("first", "1").file("second", "2").build();
    int split = 700; // inside the first entry's content record
    byte[] first = TarLayerBuilder.gzip(java.util.Arrays.copyOfRange(tar, 0, split));
    byte[] second = TarLayerBuilder.gzip(java.util.Arrays.copyOfRange(tar, split, tar.length));
    byte[] layer = new byte[first.length + second.length];
    System.arraycopy(first, 0, layer, 0, first.length);
    System.arraycopy(second, 0, layer, first.length, second.length);

    extract(layer, TAR_GZIP);

    assertThat(pkg.resolve("first")).hasContent("1");
    assertThat(pkg.resolve("second")).hasContent("2");
  }

  @Test
  void readsGnuAndPaxLongNames() throws IOException {
    String dir = "a".repeat(90) + "/" + "b".repeat(90);
    String target = "../" + "c".repeat(120);
    extract(
        tarGzip()
            .file(dir + "/pax-file", "pax")
            .symlink(dir + "/pax-link", "pax-file-" + "x".repeat(110))
            .build(),
        TAR_GZIP);
    extract(
        tarGzip()
            .gnuLongNames()
            .file(dir + "/gnu-" + "g".repeat(120), "gnu")
            .symlink(dir + "/gnu-link", target)
            .build(),
        TAR_GZIP);

    assertThat(pkg.resolve(dir + "/pax-file")).hasContent("pax");
    assertThat(Files.readSymbolicLink(pkg.resolve(dir + "/pax-link")))
        .hasToString("pax-file-" + "x".repeat(110));
    assertThat(pkg.resolve(dir + "/gnu-" + "g".repeat(120))).hasContent("gnu");
    assertThat(Files.readSymbolicLink(pkg.resolve(dir + "/gnu-link"))).hasToString(target);
  }

  @Test
  void orasSingleFileIsNamedByItsTitle() throws IOException {
    extractor.extract(
        new ByteArrayInputStream(utf8("raw ELF bytes")),
        "application/vnd.acme.native-library",
        Map.of("org.opencontainers.image.title", "libfoo.so"),
        pkg,
        LAYER);
    // ORAS pushes files as application/vnd.oci.image.layer.v1.tar by default: still a file.
    extractor.extract(
        new ByteArrayInputStream(utf8("not a tar")),
        TAR,
        Map.of("org.opencontainers.image.title", "lib/libbar.so"),
        pkg,
        LAYER);

    assertThat(pkg.resolve("libfoo.so")).hasContent("raw ELF bytes");
    assertThat(mode(pkg.resolve("libfoo.so"))).isEqualTo("rwxr-xr-x");
    assertThat(pkg.resolve("lib/libbar.so")).hasContent("not a tar");
  }

  @Test
  void orasDirectoryIsUnpackedUnderItsTitle() throws IOException {
    byte[] layer =
        tarGzip()
            .directory("native/")
            .file("native/libfoo.so", "foo")
            .symlink("native/libfoo.so.1", "libfoo.so")
            .file("native/sub/data", "data")
            .build();

    extractor.extract(
        new ByteArrayInputStream(layer),
        TAR_GZIP,
        Map.of(
            "org.opencontainers.image.title", "native",
            "io.deis.oras.content.unpack", "true"),
        pkg,
        LAYER);

    assertThat(pkg.resolve("native/libfoo.so")).hasContent("foo");
    assertThat(pkg.resolve("native/libfoo.so.1")).hasContent("foo");
    assertThat(pkg.resolve("native/sub/data")).hasContent("data");
  }

  @Test
  void rejectsUnknownMediaTypesByName() {
    assertThatThrownBy(() -> extract(utf8("?"), "application/vnd.acme.mystery"))
        .isInstanceOf(UnsupportedLayerException.class)
        .hasMessageContaining("application/vnd.acme.mystery")
        .hasMessageContaining(LAYER);
    assertThat(LayerExtractor.supports("application/vnd.acme.mystery", NO_ANNOTATIONS)).isFalse();
    assertThat(LayerExtractor.supports(TAR_ZSTD, NO_ANNOTATIONS)).isTrue();
    assertThat(
            LayerExtractor.supports(
                "application/vnd.acme.mystery", Map.of("org.opencontainers.image.title", "x")))
        .isTrue();
  }

  @Test
  void laterEntriesReplaceEarlierOnesWithoutWritingThroughLinks() throws IOException {
    extract(
        tarGzip()
            .file("lib/libfoo.so.1", "original")
            .symlink("lib/libfoo.so", "libfoo.so.1")
            .file("lib/old", "old")
            .directory("lib/becomes-file")
            .file("lib/becomes-file/x", "x")
            .file("lib/becomes-dir", "y")
            .build(),
        TAR_GZIP);
    extract(
        tarGzip()
            .file("lib/libfoo.so", "replacement")
            .file("lib/old", "new")
            .file("lib/becomes-file", "now a file")
            .file("lib/becomes-dir/z", "z")
            .build(),
        TAR_GZIP);

    assertThat(Files.isSymbolicLink(pkg.resolve("lib/libfoo.so"))).isFalse();
    assertThat(pkg.resolve("lib/libfoo.so")).hasContent("replacement");
    assertThat(pkg.resolve("lib/libfoo.so.1")).hasContent("original");
    assertThat(pkg.resolve("lib/old")).hasContent("new");
    assertThat(pkg.resolve("lib/becomes-file")).hasContent("now a file");
    assertThat(pkg.resolve("lib/becomes-dir/z")).hasContent("z");
  }

  @Test
  void appliesWhiteoutsToOlderLayersOnly() throws IOException {
    extract(
        tarGzip()
            .file("gone", "1")
            .file("kept", "1")
            .file("opaque/old-a", "1")
            .file("opaque/old-dir/b", "1")
            .build(),
        TAR_GZIP);
    extract(
        tarGzip()
            .file("opaque/new", "2")
            .file(".wh.gone", "")
            .file("opaque/.wh..wh..opq", "")
            .file(".wh.never-existed", "")
            .file(".wh..wh.plnk", "")
            .build(),
        TAR_GZIP);

    assertThat(pkg.resolve("gone")).doesNotExist();
    assertThat(pkg.resolve("kept")).hasContent("1");
    try (Stream<Path> children = Files.list(pkg.resolve("opaque"))) {
      assertThat(children.map(p -> p.getFileName().toString())).containsExactly("new");
    }
    assertThat(pkg.resolve(".wh.gone")).doesNotExist();
    assertThat(pkg.resolve(".wh..wh.plnk")).doesNotExist();
  }

  @Test
  void leavesTheRestOfTheStreamForTheCallersDigest() throws Exception {
    for (boolean readAhead : new boolean[] {false, true}) {
      for (String mediaType : new String[] {TAR, TAR_GZIP, TAR_ZSTD}) {
        leavesTheRestOfTheStream(mediaType, readAhead);
      }
    }
  }

  private void leavesTheRestOfTheStream(String mediaType, boolean readAhead) throws Exception {
    {
      TarLayerBuilder builder =
          mediaType.equals(TAR) ? tar() : mediaType.equals(TAR_GZIP) ? tarGzip() : tarZstd();
      byte[] blob = builder.file("lib/libfoo.so", "foo").file("lib/libbar.so", "bar").build();
      Path dir =
          Files.createDirectories(
              temp.resolve("digest-" + readAhead + "-" + mediaType.replace('/', '_')));
      CountingInputStream counted = new CountingInputStream(new ByteArrayInputStream(blob));
      DigestInputStream digesting = new DigestInputStream(counted, sha256());

      new LayerExtractor(ExtractionLimits.defaults(), readAhead)
          .extract(digesting, mediaType, NO_ANNOTATIONS, dir, LAYER);

      assertThat(counted.closed).as(mediaType).isFalse();
      if (mediaType.equals(TAR) && !readAhead) {
        // 10 KiB of padding after the end marker stays unread (read ahead, it may be read).
        assertThat(counted.count).as(mediaType).isLessThan(blob.length);
      }
      digesting.transferTo(OutputStream.nullOutputStream());
      assertThat(digesting.getMessageDigest().digest())
          .as(mediaType)
          .isEqualTo(sha256().digest(blob));
      assertThat(dir.resolve("lib/libbar.so")).hasContent("bar");
    }
  }

  /** Extracts, and checks that the record of what was written matches the folder. */
  private void extract(byte[] layer, String mediaType) throws IOException {
    extractor.extract(new ByteArrayInputStream(layer), mediaType, NO_ANNOTATIONS, pkg, LAYER);
    extractor.checkExtracted("the test package");
  }

  @Test
  void aFolderThatLostAFileWhileItWasExtractedFailsTheCheck() throws IOException {
    extract(
        tarGzip()
            .file("lib/libfoo.so", utf8("ELF"), 0755)
            .file("lib/libbar.so", utf8("ELF"), 0755)
            .symlink("libfoo.so", "lib/libfoo.so")
            .build(),
        OCIPKG);
    Files.delete(pkg.resolve("lib/libbar.so")); // as a cleaner in another process would

    assertThatThrownBy(() -> extractor.checkExtracted("the test package"))
        .hasMessageContaining("the test package")
        .hasMessageContaining("1 missing (\"lib/libbar.so\")")
        .hasMessageContaining("Nothing was published");
  }

  @Test
  void aFolderWithAFileChangedOrAddedFailsTheCheck() throws IOException {
    extract(tarGzip().file("a.txt", utf8("abc"), 0644).build(), OCIPKG);
    Files.writeString(pkg.resolve("a.txt"), "ab");
    Files.writeString(pkg.resolve("planted"), "x");

    assertThatThrownBy(() -> extractor.checkExtracted("the test package"))
        .hasMessageContaining("1 changed (\"a.txt\")")
        .hasMessageContaining("1 unexpected (\"planted\")");
  }

  private static String mode(Path path) throws IOException {
    return PosixFilePermissions.toString(
        Files.getPosixFilePermissions(path, LinkOption.NOFOLLOW_LINKS));
  }

  private static int unixMode(Path path) throws IOException {
    return (Integer) Files.getAttribute(path, "unix:mode", LinkOption.NOFOLLOW_LINKS) & 07777;
  }

  private static MessageDigest sha256() throws NoSuchAlgorithmException {
    return MessageDigest.getInstance("SHA-256");
  }

  /** Counts the bytes read through it and notes whether it was closed. */
  private static final class CountingInputStream extends FilterInputStream {
    long count;
    boolean closed;

    CountingInputStream(InputStream in) {
      super(in);
    }

    @Override
    public int read() throws IOException {
      int b = super.read();
      if (b >= 0) {
        count++;
      }
      return b;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      int n = super.read(b, off, len);
      if (n > 0) {
        count += n;
      }
      return n;
    }

    @Override
    public void close() throws IOException {
      closed = true;
      super.close();
    }
  }
}
