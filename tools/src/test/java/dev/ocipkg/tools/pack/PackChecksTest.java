package dev.ocipkg.tools.pack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ocipkg.Platform;
import dev.ocipkg.internal.io.TransferListener;
import dev.ocipkg.tools.layout.ArtifactFormat;
import dev.ocipkg.tools.layout.LayoutArchiver;
import dev.ocipkg.tools.layout.PackInputException;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What pack checks before it writes: platform names, binaries' machines; links and modes. */
class PackChecksTest {
  @TempDir Path work;

  @Test
  void anUnknownOsOrArchitectureIsRefusedWithTheKnownOnesListed() {
    assertThatThrownBy(() -> PlatformContent.parse("linux/amd46=lib", work))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("unknown architecture \"amd46\" in \"linux/amd46=lib\"")
        .hasMessageContaining("386, amd64, arm, arm64");
    assertThatThrownBy(() -> PlatformContent.parse("linxu/arm64=lib", work))
        .hasMessageContaining("unknown OS \"linxu\"")
        .hasMessageContaining("darwin")
        .hasMessageContaining("windows");
    assertThat(PlatformContent.parse("linux/x86_64=lib", work).platform())
        .isEqualTo(Platform.parse("linux/amd64"));
  }

  @Test
  void aBinaryPackedUnderAnotherMachineOrOsIsRefused() throws Exception {
    Path x86 = write("x86/libfoo.so", elf(62));
    assertThatThrownBy(() -> pack("linux/arm64", true, x86))
        .isInstanceOf(PackInputException.class)
        .hasMessageContaining("libfoo.so")
        .hasMessageContaining("is an ELF binary for amd64")
        .hasMessageContaining("packed under linux/arm64")
        .hasMessageContaining("--no-check-arch");
    assertThat(work.resolve("out")).doesNotExist();
    assertThatThrownBy(() -> pack("darwin/amd64", true, x86))
        .hasMessageContaining("is an ELF binary for amd64")
        .hasMessageContaining("darwin/amd64");
    pack("linux/amd64", true, x86);
    pack("linux/arm64", false, write("skip/libfoo.so", elf(62)));

    pack("darwin/arm64", true, write("mac/libfoo.dylib", machO(0x0100000c)));
    assertThatThrownBy(
            () -> pack("darwin/amd64", true, write("mac2/libfoo.dylib", machO(0x0100000c))))
        .hasMessageContaining("Mach-O binary for arm64");
    pack("windows/amd64", true, write("win/foo.dll", pe(0x8664)));
    assertThatThrownBy(() -> pack("windows/arm64", true, write("win2/foo.dll", pe(0x8664))))
        .hasMessageContaining("PE binary for amd64");
    // Not a binary the table knows: not checked.
    pack("darwin/arm64", true, write("text/libfoo.dylib", "not really a Mach-O".getBytes()));
  }

  @Test
  void linksAmongFilesGivenOneByOneStayLinks() throws Exception {
    Path dir = Files.createDirectories(work.resolve("lib"));
    Files.writeString(dir.resolve("libfoo.so.1.2"), "the library");
    Files.createSymbolicLink(dir.resolve("libfoo.so.1"), Path.of("libfoo.so.1.2"));
    Files.createSymbolicLink(dir.resolve("libfoo.so"), Path.of("libfoo.so.1"));
    PackedImage packed =
        pack(
            "linux/amd64",
            true,
            dir.resolve("libfoo.so"),
            dir.resolve("libfoo.so.1"),
            dir.resolve("libfoo.so.1.2"));
    Map<String, String> entries = new LinkedHashMap<>();
    for (TarArchiveEntry e : layer(packed)) {
      entries.put(e.getName(), e.isSymbolicLink() ? "-> " + e.getLinkName() : e.getSize() + "");
    }
    assertThat(entries)
        .containsExactly(
            Map.entry("libfoo.so", "-> libfoo.so.1"),
            Map.entry("libfoo.so.1", "-> libfoo.so.1.2"),
            Map.entry("libfoo.so.1.2", "11"));
  }

  @Test
  void theLayoutAndTheArchiveGetTheModesOfNewFilesNotOwnerOnly() throws Exception {
    String expected =
        java.nio.file.attribute.PosixFilePermissions.toString(
            Files.getPosixFilePermissions(Files.createFile(work.resolve("probe"))));
    assertThat(expected).as("a umask that lets others read").contains("r--");
    PackedImage packed = pack("linux/amd64", true, write("a/libfoo.so", elf(62)));
    Path archive = work.resolve("pkg.tar");
    LayoutArchiver.write(packed.layout(), archive);
    List<Path> written = new ArrayList<>(List.of(archive, packed.layout().resolve("index.json")));
    try (Stream<Path> blobs = Files.list(packed.layout().resolve("blobs/sha256"))) {
      blobs.forEach(written::add);
    }
    for (Path p : written) {
      assertThat(
              java.nio.file.attribute.PosixFilePermissions.toString(
                  Files.getPosixFilePermissions(p)))
          .as(p.toString())
          .isEqualTo(expected);
    }
  }

  private PackedImage pack(String platform, boolean check, Path... paths) throws IOException {
    PlatformContent content = new PlatformContent(Platform.parse(platform), null, List.of(paths));
    Path out = work.resolve("out");
    PackedImage packed =
        new ArtifactPacker(TransferListener.NONE)
            .pack(
                new PackRequest("1.0", List.of(content), Map.of(), ArtifactFormat.INDEX, check),
                out);
    return packed;
  }

  private Path write(String name, byte[] content) throws IOException {
    Path file = work.resolve("in").resolve(name);
    Files.createDirectories(file.getParent());
    return Files.write(file, content);
  }

  /** The first bytes of a little-endian 64-bit ELF of machine {@code machine}. */
  private static byte[] elf(int machine) {
    byte[] b = new byte[64];
    b[0] = 0x7f;
    b[1] = 'E';
    b[2] = 'L';
    b[3] = 'F';
    b[4] = 2;
    b[5] = 1;
    b[18] = (byte) machine;
    b[19] = (byte) (machine >> 8);
    return b;
  }

  private static byte[] machO(int cpu) {
    byte[] b = new byte[32];
    int[] magic = {0xcf, 0xfa, 0xed, 0xfe};
    for (int i = 0; i < 4; i++) {
      b[i] = (byte) magic[i];
      b[4 + i] = (byte) (cpu >> (8 * i));
    }
    return b;
  }

  private static byte[] pe(int machine) {
    byte[] b = new byte[256];
    b[0] = 'M';
    b[1] = 'Z';
    b[0x3c] = (byte) 0x80;
    b[0x80] = 'P';
    b[0x81] = 'E';
    b[0x84] = (byte) machine;
    b[0x85] = (byte) (machine >> 8);
    return b;
  }

  private static List<TarArchiveEntry> layer(PackedImage packed) throws IOException {
    byte[] tarGzip =
        Files.readAllBytes(
            packed
                .layout()
                .resolve("blobs/sha256")
                .resolve(packed.platforms().get(0).layer().digest().hex()));
    List<TarArchiveEntry> entries = new ArrayList<>();
    try (InputStream in = new GzipCompressorInputStream(new ByteArrayInputStream(tarGzip));
        TarArchiveInputStream tar = new TarArchiveInputStream(in)) {
      for (TarArchiveEntry e = tar.getNextEntry(); e != null; e = tar.getNextEntry()) {
        entries.add(e);
      }
    }
    return entries;
  }
}
