package dev.ocipkg.internal.trust;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * The DSSE pre-authentication encoding, the bytes a DSSE signature covers (DSSE protocol v1, as
 * sigstore-go {@code pkg/sign/content.go} builds it): {@code "DSSEv1" SP LEN(type) SP type SP
 * LEN(body) SP body}, lengths in ASCII decimal of byte counts.
 */
public final class DssePae {
  private DssePae() {}

  public static byte[] encode(String payloadType, byte[] payload) {
    byte[] type = payloadType.getBytes(StandardCharsets.UTF_8);
    ByteArrayOutputStream out = new ByteArrayOutputStream(payload.length + type.length + 32);
    out.writeBytes(("DSSEv1 " + type.length + " ").getBytes(StandardCharsets.US_ASCII));
    out.writeBytes(type);
    out.writeBytes((" " + payload.length + " ").getBytes(StandardCharsets.US_ASCII));
    out.writeBytes(payload);
    return out.toByteArray();
  }
}
