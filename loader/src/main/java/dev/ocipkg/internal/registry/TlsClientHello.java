package dev.ocipkg.internal.registry;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The first message of a TLS handshake (RFC 8446 section 4.1.2), written by hand for {@link
 * SchemeProbe}: offering TLS 1.3 and 1.2 with the usual cipher suites, groups and signature
 * schemes, and an x25519 key share, it makes any TLS server answer with a TLS record (its
 * ServerHello, or an alert), and any plain-http server with something else or nothing. The probe
 * reads no further, so nothing here is ever used for a connection: the random, the session id and
 * the key share need no secrecy, and no class of the JDK's TLS stack is loaded.
 */
final class TlsClientHello {
  private static final int[] CIPHER_SUITES = {
    0x1301,
    0x1302,
    0x1303, // TLS 1.3: AES-128-GCM, AES-256-GCM, ChaCha20-Poly1305
    0xc02b,
    0xc02f,
    0xc02c,
    0xc030,
    0xcca9,
    0xcca8, // ECDHE with AES-GCM and ChaCha20
    0xc009,
    0xc013,
    0xc00a,
    0xc014, // ECDHE with AES-CBC
    0x009c,
    0x009d,
    0x002f,
    0x0035 // RSA key exchange
  };
  private static final int[] GROUPS = {0x001d, 0x0017, 0x0018}; // x25519, P-256, P-384
  private static final int[] SIGNATURE_SCHEMES = {
    0x0403, 0x0804, 0x0401, 0x0503, 0x0805, 0x0501, 0x0806, 0x0601, 0x0203, 0x0201
  };

  private TlsClientHello() {}

  /** The ClientHello in one TLS record, with server name {@code hostName} unless an IP literal. */
  static byte[] record(String hostName) {
    ByteArrayOutputStream extensions = new ByteArrayOutputStream();
    if (isDnsName(hostName)) {
      ByteArrayOutputStream name = new ByteArrayOutputStream();
      name.write(0); // host_name
      writeShort(name, hostName.length());
      name.writeBytes(hostName.getBytes(StandardCharsets.US_ASCII));
      extension(extensions, 0x0000, withShortLength(name.toByteArray()));
    }
    extension(extensions, 0x000a, withShortLength(shorts(GROUPS)));
    extension(extensions, 0x000b, new byte[] {1, 0}); // ec_point_formats: uncompressed
    extension(extensions, 0x000d, withShortLength(shorts(SIGNATURE_SCHEMES)));
    extension(extensions, 0x002b, new byte[] {4, 3, 4, 3, 3}); // supported_versions: 1.3, 1.2
    ByteArrayOutputStream share = new ByteArrayOutputStream();
    writeShort(share, 0x001d); // x25519: every 32-byte string is a public key
    writeShort(share, 32);
    share.writeBytes(randomBytes(32));
    extension(extensions, 0x0033, withShortLength(share.toByteArray()));

    ByteArrayOutputStream hello = new ByteArrayOutputStream();
    writeShort(hello, 0x0303); // legacy_version: TLS 1.2
    hello.writeBytes(randomBytes(32));
    hello.write(32); // legacy_session_id, as TLS 1.3 clients send for middleboxes
    hello.writeBytes(randomBytes(32));
    hello.writeBytes(withShortLength(shorts(CIPHER_SUITES)));
    hello.write(1); // compression methods: null only
    hello.write(0);
    hello.writeBytes(withShortLength(extensions.toByteArray()));
    byte[] body = hello.toByteArray();

    ByteArrayOutputStream record = new ByteArrayOutputStream();
    record.write(0x16); // handshake record
    writeShort(record, 0x0301);
    writeShort(record, 4 + body.length);
    record.write(0x01); // client_hello
    record.write(body.length >>> 16);
    writeShort(record, body.length & 0xffff);
    record.writeBytes(body);
    return record.toByteArray();
  }

  /** Whether a reply that starts with {@code first} and {@code second} is a TLS record. */
  static boolean isTlsRecord(int first, int second) {
    return (first == 0x16 || first == 0x15) && second == 0x03; // handshake or alert, TLS 1.x
  }

  /** A name that may go into server_name: letters, digits, hyphens and dots, not an address. */
  private static boolean isDnsName(String hostName) {
    if (hostName.isEmpty() || hostName.length() > 253 || hostName.contains(":")) {
      return false;
    }
    boolean letter = false;
    for (int i = 0; i < hostName.length(); i++) {
      char c = hostName.charAt(i);
      if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '-') {
        letter = true;
      } else if (!(c >= '0' && c <= '9') && c != '.') {
        return false;
      }
    }
    return letter; // all digits and dots: an IPv4 literal, which server_name must not carry
  }

  private static void extension(ByteArrayOutputStream out, int type, byte[] data) {
    writeShort(out, type);
    writeShort(out, data.length);
    out.writeBytes(data);
  }

  private static byte[] withShortLength(byte[] data) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    writeShort(out, data.length);
    out.writeBytes(data);
    return out.toByteArray();
  }

  private static byte[] shorts(int[] values) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (int value : values) {
      writeShort(out, value);
    }
    return out.toByteArray();
  }

  private static void writeShort(ByteArrayOutputStream out, int value) {
    out.write(value >>> 8);
    out.write(value & 0xff);
  }

  private static byte[] randomBytes(int n) {
    byte[] bytes = new byte[n];
    ThreadLocalRandom.current().nextBytes(bytes);
    return bytes;
  }
}
