package dev.ocipkg.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;

/** The sample package most tests push: four platforms, a real symlink chain on linux/amd64. */
final class Fixtures {
  private Fixtures() {}

  static WrittenLayout libfoo(Path directory, String tag) throws IOException {
    return OciLayoutWriter.create()
        .tag(tag)
        .platform(
            "linux/amd64",
            LayerFiles.builder()
                .executable("libfoo.so.1.2.0", bytes("ELF amd64 libfoo 1.2.0"))
                .symlink("libfoo.so.1", "libfoo.so.1.2.0")
                .symlink("libfoo.so", "libfoo.so.1")
                .build())
        .platform("linux/arm64", Map.of("libfoo.so", bytes("ELF arm64 libfoo")))
        .platform(
            "linux/amd64",
            LayerFiles.builder().file("libfoo.so", "ELF amd64 musl libfoo").build(),
            Map.of("dev.ocipkg.libc", "musl"))
        .platform("darwin/arm64", Map.of("libfoo.dylib", bytes("Mach-O arm64 libfoo")))
        .platform("windows/amd64", Map.of("foo.dll", bytes("PE amd64 foo")))
        .write(directory);
  }

  static byte[] bytes(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }
}
