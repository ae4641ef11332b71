package dev.ocipkg.internal.oci;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/** Reads the JSON fixtures under {@code src/test/resources/oci}. */
final class Fixtures {
  private Fixtures() {}

  static byte[] bytes(String name) {
    try (InputStream in = Fixtures.class.getResourceAsStream("/oci/" + name)) {
      if (in == null) {
        throw new IllegalArgumentException("no fixture /oci/" + name);
      }
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static byte[] utf8(String json) {
    return json.getBytes(StandardCharsets.UTF_8);
  }

  static ImageIndex index(String name) {
    try {
      return OciJson.parseIndex(bytes(name), name);
    } catch (OciFormatException e) {
      throw new AssertionError(e);
    }
  }
}
