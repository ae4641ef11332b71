package dev.ocipkg.internal.layer;

import static dev.ocipkg.internal.layer.TarLayerBuilder.TAR;
import static dev.ocipkg.internal.layer.TarLayerBuilder.TAR_GZIP;
import static dev.ocipkg.internal.layer.TarLayerBuilder.header;
import static dev.ocipkg.internal.layer.TarLayerBuilder.rawArchive;
import static dev.ocipkg.internal.layer.TarLayerBuilder.tar;
import static dev.ocipkg.internal.layer.TarLayerBuilder.tarGzip;
import static dev.ocipkg.internal.layer.TarLayerBuilder.utf8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ocipkg.internal.io.ForeignText;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarConstants;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Hostile layers: each must fail with an {@link UnsafeLayerException} naming the entry, and leave
 * nothing outside the package directory ({@code temp/sandbox/pkg}).
 */
class LayerExtractorSecurityTest {
  private static final String LAYER = "sha256:hostile";
  private static final long MiB = 1 << 20;

  @TempDir Path temp;
  private Path pkg;

  @BeforeEach
  void createPackageDir() throws IOException {
    pkg = Files.createDirectories(temp.resolve("sandbox/pkg"));
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "../x",
        "a/../../x",
        "a/../b",
        "../../x",
        "/abs/x",
        "C:\\x",
        "c:x",
        "\\\\server\\share\\x",
        "dir\\..\\..\\x",
        "CON",
        "aux.txt",
        "lib/nul.tar.gz",
        "Com1",
        "LPT9.log",
        "con .txt",
        "a:b",
        "what?",
        "trailing.",
        "trailing ",
        "bell\u0007"
      })
  void rejectsUnsafeNames(String name) {
    byte[] layer = tarGzip().file("ok", "fine").file(name, "payload").build();

    assertRejected(() -> extract(layer), name);
  }

  @Test
  void rejectsSymlinksThatLeaveThePackage() {
    assertRejected(() -> extract(tarGzip().symlink("evil", "/etc/passwd").build()), "evil");
    assertRejected(() -> extract(tarGzip().symlink("evil", "../../x").build()), "evil");
    assertRejected(() -> extract(tarGzip().symlink("lib/evil", "../../x").build()), "lib/evil");
    assertRejected(() -> extract(tarGzip().symlink("evil", "C:\\Windows").build()), "evil");
    assertRejected(() -> extract(tarGzip().symlink("evil", "C:/Windows").build()), "evil");
    assertNoLinkAt("evil", "lib/evil");
  }

  @Test
  void rejectsAnEscapingLinkInAChain() {
    byte[] layer =
        tarGzip().symlink("a", "b").symlink("b", "../../outside").file("c", "after").build();

    assertRejected(() -> extract(layer), "b");
    assertNoLinkAt("b");
  }

  @Test
  void rejectsDotDotAfterALinkThatCouldRedirectIt() {
    // x -> . is harmless alone, but x/.. would resolve to the package's parent.
    byte[] layer = tarGzip().symlink("x", ".").symlink("l", "x/..").build();

    assertRejected(() -> extract(layer), "l");
    assertNoLinkAt("l");
  }

  @Test
  void neverWritesThroughASymlinkToADirectory() {
    assertRejected(() -> extract(tarGzip().symlink("d", "..").file("d/x", "escaped").build()), "d");
    assertRejected(
        () ->
            extract(tarGzip().directory("sub").symlink("d", "sub").file("d/x", "through").build()),
        "d/x");
    assertThat(pkg.resolve("sub/x")).doesNotExist();
  }

  @Test
  void neverWritesThroughASymlinkLeftByAnEarlierLayer() throws IOException {
    // The link is legal; entries under it in a later layer are not.
    extract(tarGzip().directory("real").symlink("lib", "real").build());

    assertRejected(() -> extract(tarGzip().file("lib/libfoo.so", "x").build()), "lib/libfoo.so");
    assertRejected(() -> extract(tarGzip().file("lib/.wh.y", "").build()), "lib/.wh.y");
    assertThat(pkg.resolve("real/libfoo.so")).doesNotExist();
  }

  @Test
  void rejectsHardLinksToAnythingButAnExtractedFile() {
    assertRejected(
        () -> extract(tarGzip().hardLink("hardlink", "../../etc/passwd").build()), "hardlink");
    assertRejected(
        () -> extract(tarGzip().hardLink("hardlink", "/etc/passwd").build()), "hardlink");
    assertRejected(
        () -> extract(tarGzip().hardLink("hardlink", "later").file("later", "x").build()),
        "hardlink");
    assertRejected(
        () -> extract(tarGzip().file("f", "x").symlink("s", "f").hardLink("hardlink", "s").build()),
        "hardlink");
    assertRejected(
        () -> extract(tarGzip().directory("d").hardLink("hardlink", "d").build()), "hardlink");
    assertRejected(() -> extract(tarGzip().hardLink("hardlink", "hardlink").build()), "hardlink");
    assertNoLinkAt("hardlink");
  }

  @Test
  void rejectsDevicesAndFifos() {
    assertRejected(
        () -> extract(tarGzip().special("dev/null", TarConstants.LF_CHR).build()), "dev/null");
    assertRejected(
        () -> extract(tarGzip().special("dev/sda", TarConstants.LF_BLK).build()), "dev/sda");
    assertRejected(() -> extract(tarGzip().special("pipe", TarConstants.LF_FIFO).build()), "pipe");
    assertThat(pkg.resolve("dev/null")).doesNotExist();
    assertThat(pkg.resolve("pipe")).doesNotExist();
  }

  @Test
  void rejectsSparseAndUnknownEntryTypes() {
    TarArchiveEntry sparse = new TarArchiveEntry("sparse", TarConstants.LF_GNUTYPE_SPARSE, true);
    assertRejected(() -> extractPlain(rawArchive(header(sparse))), "sparse");

    TarArchiveEntry paxSparse = new TarArchiveEntry("pax-sparse", TarConstants.LF_NORMAL, true);
    paxSparse.addPaxHeader("GNU.sparse.map", "0,1");
    assertThatThrownBy(() -> extract(tarGzip().add(paxSparse, new byte[0]).build()))
        .isInstanceOf(UnsafeLayerException.class)
        .hasMessageContaining("sparse");

    TarArchiveEntry vendor = new TarArchiveEntry("vendor", (byte) 'Q', true);
    assertRejected(() -> extractPlain(rawArchive(header(vendor))), "vendor");
  }

  @Test
  void refusesHugeExtendedHeadersBeforeBufferingThem() {
    TarArchiveEntry longName =
        new TarArchiveEntry("././@LongLink", TarConstants.LF_GNUTYPE_LONGNAME, true);
    longName.setSize(2L << 30);
    assertThatThrownBy(() -> extractPlain(rawArchive(header(longName))))
        .isInstanceOf(UnsafeLayerException.class)
        .hasMessageContaining("GNU long name of 2147483648 bytes");

    TarArchiveEntry pax =
        new TarArchiveEntry("PaxHeader/x", TarConstants.LF_PAX_EXTENDED_HEADER_LC, true);
    pax.setSize(64 * MiB);
    assertThatThrownBy(() -> extractPlain(rawArchive(header(pax))))
        .isInstanceOf(UnsafeLayerException.class)
        .hasMessageContaining("PAX extended header");
  }

  @Test
  void refusesEndlessExtendedHeaders() {
    TarArchiveEntry global =
        new TarArchiveEntry("GlobalHead", TarConstants.LF_PAX_GLOBAL_EXTENDED_HEADER, true);
    byte[][] headers = new byte[100][];
    java.util.Arrays.fill(headers, header(global));

    assertThatThrownBy(() -> extractPlain(rawArchive(headers)))
        .isInstanceOf(UnsafeLayerException.class)
        .hasMessageContaining("extended headers before one entry");
  }

  @Test
  void stopsAGzipBombAtTheLimit() throws IOException {
    TarLayerBuilder builder = tarGzip();
    for (int i = 0; i < 200; i++) {
      builder.zeros("zeros/" + i, MiB);
    }
    byte[] bomb = builder.build(); // 200 MiB of zeros in well under 1 MiB
    assertThat(bomb.length).isLessThan((int) MiB);
    LayerExtractor extractor = new LayerExtractor(new ExtractionLimits(64 * MiB, 100_000));

    assertThatThrownBy(() -> extractor.extract(stream(bomb), TAR_GZIP, Map.of(), pkg, LAYER))
        .isInstanceOf(UnsafeLayerException.class)
        .hasMessageContaining(LAYER)
        .hasMessageContaining("zeros/64")
        .hasMessageContaining("maxTotalBytes");

    assertThat(extractor.bytesWritten()).isEqualTo(64 * MiB);
    assertThat(bytesOnDisk(pkg)).isEqualTo(64 * MiB);
    assertOnlyPackageWritten();
  }

  @Test
  void refusesAnEntryWhoseDeclaredSizeExceedsTheBudgetBeforeWritingIt() {
    TarArchiveEntry huge = new TarArchiveEntry("huge", TarConstants.LF_NORMAL, true);
    huge.setSize(9L << 30); // base-256 encoded: octal stops at 8 GiB
    LayerExtractor extractor = new LayerExtractor(new ExtractionLimits(MiB, 10));

    assertThatThrownBy(
            () ->
                extractor.extract(
                    stream(rawArchive(header(huge), new byte[4096])), TAR, Map.of(), pkg, LAYER))
        .isInstanceOf(UnsafeLayerException.class)
        .hasMessageContaining("huge")
        .hasMessageContaining(String.valueOf(9L << 30));
    assertThat(pkg.resolve("huge")).doesNotExist();
  }

  @Test
  void countsActualBytesOfAnOrasFile() {
    LayerExtractor extractor = new LayerExtractor(new ExtractionLimits(MiB, 10));
    InputStream endless = new ByteArrayInputStream(new byte[(int) (8 * MiB)]);

    assertThatThrownBy(
            () ->
                extractor.extract(
                    endless,
                    "application/vnd.acme.blob",
                    Map.of("org.opencontainers.image.title", "blob.bin"),
                    pkg,
                    LAYER))
        .isInstanceOf(UnsafeLayerException.class)
        .hasMessageContaining("blob.bin")
        .hasMessageContaining("maxTotalBytes");
    assertThat(pkg.resolve("blob.bin")).hasSize(MiB);
  }

  @Test
  void sharesTheBudgetAcrossTheLayersOfAPackage() throws IOException {
    LayerExtractor extractor = new LayerExtractor(new ExtractionLimits(MiB, 3));
    byte[] first = tarGzip().zeros("a", 600 * 1024).build();
    byte[] second = tarGzip().zeros("b", 600 * 1024).build();

    extractor.extract(stream(first), TAR_GZIP, Map.of(), pkg, "sha256:first");
    assertThatThrownBy(() -> extractor.extract(stream(second), TAR_GZIP, Map.of(), pkg, "sha256:2"))
        .isInstanceOf(UnsafeLayerException.class)
        .hasMessageContaining("sha256:2")
        .hasMessageContaining("\"b\"");

    LayerExtractor counting = new LayerExtractor(new ExtractionLimits(MiB, 3));
    byte[] four = tarGzip().file("1", "").file("2", "").file("3", "").file("4", "").build();
    assertThatThrownBy(() -> counting.extract(stream(four), TAR_GZIP, Map.of(), pkg, LAYER))
        .isInstanceOf(UnsafeLayerException.class)
        .hasMessageContaining("\"4\"")
        .hasMessageContaining("maxEntries");
  }

  @Test
  void rejectsUnsafeOrasTitles() {
    for (String title : List.of("../libfoo.so", "/tmp/libfoo.so", "C:\\libfoo.dll", "NUL.dll")) {
      assertRejected(
          () ->
              new LayerExtractor(ExtractionLimits.defaults())
                  .extract(
                      stream(utf8("x")),
                      "application/vnd.acme.lib",
                      Map.of("org.opencontainers.image.title", title),
                      pkg,
                      LAYER),
          title);
    }
  }

  @Test
  void keepsAnOrasDirectoryUnderItsTitle() {
    byte[] layer = tarGzip().file("native/ok", "ok").file("elsewhere/x", "x").build();

    assertRejected(
        () ->
            new LayerExtractor(ExtractionLimits.defaults())
                .extract(
                    stream(layer),
                    TAR_GZIP,
                    Map.of(
                        "org.opencontainers.image.title", "native",
                        "io.deis.oras.content.unpack", "true"),
                    pkg,
                    LAYER),
        "elsewhere/x");
  }

  @Test
  void reportsCorruptAndTruncatedArchivesAsIoErrorsNamingTheLayer() {
    byte[] good = tar().file("f", "content").build();
    byte[] corrupt = good.clone();
    corrupt[10] ^= 1;
    assertThatThrownBy(() -> extractPlain(corrupt))
        .isInstanceOf(IOException.class)
        .isNotInstanceOf(UnsafeLayerException.class)
        .hasMessageContaining(LAYER)
        .hasMessageContaining("checksum");

    byte[] truncated = java.util.Arrays.copyOf(good, 512 + 3);
    assertThatThrownBy(() -> extractPlain(truncated))
        .isInstanceOf(IOException.class)
        .isNotInstanceOf(UnsafeLayerException.class)
        .hasMessageContaining(LAYER)
        .hasMessageContaining("truncated");

    assertThatThrownBy(() -> extract(utf8("not gzip at all")))
        .isInstanceOf(IOException.class)
        .hasMessageContaining(LAYER)
        .hasMessageContaining("not a gzip stream");

    byte[] gzip = tarGzip().file("f", new byte[300 * 1024], 0644).build();
    byte[] cut = java.util.Arrays.copyOf(gzip, gzip.length / 2);
    assertThatThrownBy(() -> extract(cut))
        .isInstanceOf(IOException.class)
        .isNotInstanceOf(UnsafeLayerException.class)
        .hasMessageContaining(LAYER)
        .hasMessageContaining("gzip stream truncated at offset " + cut.length);

    // A second member that is not one: refused once the archive reads into it.
    byte[] halfArchive =
        concatenatedWithGarbage(tarGzip().file("f", new byte[300 * 1024], 0644).build());
    assertThatThrownBy(() -> extract(halfArchive))
        .isInstanceOf(IOException.class)
        .hasMessageContaining(LAYER)
        .hasMessageContaining("trailing garbage at offset");
  }

  /**
   * The gzip members of {@code tarGzip} cut in two: the first ends inside the tar, then garbage
   * stands where a second member with the rest would be.
   */
  private static byte[] concatenatedWithGarbage(byte[] tarGzip) {
    byte[] tar;
    try (InputStream in = new java.util.zip.GZIPInputStream(stream(tarGzip))) {
      tar = in.readAllBytes();
    } catch (IOException e) {
      throw new AssertionError(e);
    }
    java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
    try (java.util.zip.GZIPOutputStream member = new java.util.zip.GZIPOutputStream(out)) {
      member.write(tar, 0, tar.length / 2);
    } catch (IOException e) {
      throw new AssertionError(e);
    }
    out.writeBytes(utf8("PK\3\4 not a member"));
    return out.toByteArray();
  }

  @Test
  void rejectsNamesThatAreNotUtf8() {
    TarArchiveEntry latin1 = new TarArchiveEntry("caf\u00e9", TarConstants.LF_NORMAL, true);
    byte[] record = new byte[512];
    try {
      latin1.writeEntryHeader(
          record,
          org.apache.commons.compress.archivers.zip.ZipEncodingHelper.getZipEncoding(
              StandardCharsets.ISO_8859_1.name()),
          false);
    } catch (IOException e) {
      throw new AssertionError(e);
    }
    assertThatThrownBy(() -> extractPlain(rawArchive(record)))
        .isInstanceOf(UnsafeLayerException.class)
        .hasMessageContaining("UTF-8");
  }

  private void extract(byte[] tarGzip) throws IOException {
    new LayerExtractor(ExtractionLimits.defaults())
        .extract(stream(tarGzip), TAR_GZIP, Map.of(), pkg, LAYER);
  }

  private void extractPlain(byte[] tar) throws IOException {
    new LayerExtractor(ExtractionLimits.defaults()).extract(stream(tar), TAR, Map.of(), pkg, LAYER);
  }

  private static InputStream stream(byte[] bytes) {
    return new ByteArrayInputStream(bytes);
  }

  private void assertRejected(ThrowingCallable extraction, String entry) {
    assertThatThrownBy(extraction)
        .isInstanceOf(UnsafeLayerException.class)
        .hasMessageContaining(LAYER)
        .hasMessageContaining("\"" + ForeignText.escape(entry) + "\"")
        .satisfies(
            e -> {
              assertThat(((UnsafeLayerException) e).layer()).isEqualTo(LAYER);
              assertThat(((UnsafeLayerException) e).entry()).isEqualTo(entry);
            });
    assertOnlyPackageWritten();
  }

  private void assertNoLinkAt(String... names) {
    for (String name : names) {
      assertThat(Files.exists(pkg.resolve(name), LinkOption.NOFOLLOW_LINKS)).as(name).isFalse();
    }
  }

  /** Everything under {@code temp} is the sandbox, the package directory, or inside it. */
  private void assertOnlyPackageWritten() {
    try (Stream<Path> all = Files.walk(temp)) {
      List<Path> outside =
          all.filter(p -> !p.startsWith(pkg))
              .filter(p -> !p.equals(temp) && !p.equals(pkg.getParent()))
              .collect(Collectors.toList());
      assertThat(outside).isEmpty();
    } catch (IOException e) {
      throw new AssertionError(e);
    }
    assertThat(Path.of("/abs")).doesNotExist();
  }

  private static long bytesOnDisk(Path dir) throws IOException {
    try (Stream<Path> all = Files.walk(dir)) {
      return all.filter(Files::isRegularFile).mapToLong(p -> p.toFile().length()).sum();
    }
  }
}
