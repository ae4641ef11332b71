package dev.ocipkg.internal.layer;

import static dev.ocipkg.internal.layer.TarLayerBuilder.header;
import static dev.ocipkg.internal.layer.TarLayerBuilder.tar;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarConstants;
import org.junit.jupiter.api.Test;

class TarReaderTest {
  @Test
  void readsEntriesAndStopsAtTheEndMarker() throws IOException {
    byte[] archive = tar().directory("lib").file("lib/a", "alpha").symlink("lib/b", "a").build();
    ByteArrayInputStream in = new ByteArrayInputStream(archive);
    TarReader reader = new TarReader(in, "l", new ExtractionBudget(ExtractionLimits.defaults()));

    TarEntry dir = reader.next();
    assertThat(dir.type()).isEqualTo(TarEntry.Type.DIRECTORY);
    TarEntry file = reader.next();
    assertThat(file.name()).isEqualTo("lib/a");
    assertThat(file.size()).isEqualTo(5);
    assertThat(new String(reader.content().readAllBytes(), StandardCharsets.UTF_8))
        .isEqualTo("alpha");
    TarEntry link = reader.next();
    assertThat(link.type()).isEqualTo(TarEntry.Type.SYMLINK);
    assertThat(link.linkName()).isEqualTo("a");
    assertThat(reader.next()).isNull();
    assertThat(reader.next()).isNull();
    // Four headers, one data record and the first zero record: the padding stays unread.
    assertThat(in.available()).isEqualTo(archive.length - 5 * 512);
  }

  @Test
  void skipsUnreadContent() throws IOException {
    byte[] archive = tar().file("big", new byte[100_000], 0644).file("next", "n").build();
    TarReader reader =
        new TarReader(
            new ByteArrayInputStream(archive),
            "l",
            new ExtractionBudget(ExtractionLimits.defaults()));

    assertThat(reader.next().name()).isEqualTo("big");
    assertThat(reader.next().name()).isEqualTo("next");
  }

  @Test
  void acceptsAnArchiveWithoutEndMarker() throws IOException {
    TarArchiveEntry entry = new TarArchiveEntry("empty", TarConstants.LF_NORMAL, true);
    TarReader reader =
        new TarReader(
            new ByteArrayInputStream(header(entry)),
            "l",
            new ExtractionBudget(ExtractionLimits.defaults()));

    assertThat(reader.next().name()).isEqualTo("empty");
    assertThat(reader.next()).isNull();
  }

  @Test
  void appliesPaxPathLinkpathAndSize() throws IOException {
    TarArchiveEntry entry = new TarArchiveEntry("short", TarConstants.LF_SYMLINK, true);
    entry.addPaxHeader("path", "pax/überlong/name");
    entry.addPaxHeader("linkpath", "target");
    entry.addPaxHeader("comment", "ignored");
    byte[] archive = tar().add(entry, new byte[0]).build();
    TarReader reader =
        new TarReader(
            new ByteArrayInputStream(archive),
            "l",
            new ExtractionBudget(ExtractionLimits.defaults()));

    TarEntry read = reader.next();
    assertThat(read.name()).isEqualTo("pax/überlong/name");
    assertThat(read.linkName()).isEqualTo("target");
  }

  @Test
  void parsesOctalAndBase256Numbers() throws IOException {
    byte[] octal = "0000644 \0".getBytes(StandardCharsets.US_ASCII);
    assertThat(TarReader.parseNumber(octal, 0, 8, "mode", 0)).isEqualTo(0644);
    byte[] spaces = "   17\0   ".getBytes(StandardCharsets.US_ASCII);
    assertThat(TarReader.parseNumber(spaces, 0, 8, "size", 0)).isEqualTo(15);
    byte[] binary = new byte[12];
    binary[0] = (byte) 0x80;
    binary[7] = 0x02;
    binary[8] = 0x40;
    assertThat(TarReader.parseNumber(binary, 0, 12, "size", 0)).isEqualTo(9L << 30);

    byte[] negative = new byte[12];
    negative[0] = (byte) 0xff;
    assertThatThrownBy(() -> TarReader.parseNumber(negative, 0, 12, "size", 0))
        .hasMessageContaining("size");
    byte[] garbage = "12x".getBytes(StandardCharsets.US_ASCII);
    assertThatThrownBy(() -> TarReader.parseNumber(garbage, 0, 3, "size", 1024))
        .hasMessageContaining("1024");
  }

  @Test
  void reportsATruncatedEntry() throws IOException {
    byte[] archive = tar().file("f", new byte[2000], 0644).build();
    InputStream cut = new ByteArrayInputStream(archive, 0, 1000);
    TarReader reader = new TarReader(cut, "l", new ExtractionBudget(ExtractionLimits.defaults()));

    reader.next();
    assertThatThrownBy(() -> reader.content().readAllBytes()).hasMessageContaining("truncated");
  }
}
