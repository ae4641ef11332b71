package dev.ocipkg.internal.layer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Random;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.zip.CRC32;
import java.util.zip.Deflater;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class GzipMembersInputStreamTest {
  private static final int BUFFER = GzipMembersInputStream.INPUT_BYTES;

  @ParameterizedTest
  @ValueSource(ints = {0, 1, 100, BUFFER - 1, BUFFER, BUFFER + 1, 5 * BUFFER + 7})
  void inflatesWhatTheJdkCompressed(int size) throws IOException {
    byte[] content = content(size);
    byte[] gzip = jdkGzip(content);

    assertThat(inflate(gzip, 1 << 20)).isEqualTo(content);
    assertThat(inflate(gzip, 7)).isEqualTo(content);
    assertThat(inflate(new Trickle(gzip, 1), 4096)).isEqualTo(content);
    assertThat(inflate(new Trickle(gzip, 13), 1)).isEqualTo(content);
  }

  @Test
  void readsEveryMemberOfAConcatenation() throws IOException {
    byte[] a = content(3 * BUFFER);
    byte[] b = content(17);
    byte[] gzip = concat(jdkGzip(a), jdkGzip(new byte[0]), jdkGzip(b), member(new Header(), a));

    assertThat(inflate(gzip, 8192)).isEqualTo(concat(a, b, a));
    assertThat(inflate(new Trickle(gzip, 5), 8192)).isEqualTo(concat(a, b, a));
  }

  @Test
  void skipsExtraFieldNameAndCommentAndChecksTheHeaderCrc() throws IOException {
    byte[] content = content(1000);
    Header header = new Header();
    header.extra = content(65535);
    header.name = "libfoo.so".getBytes(StandardCharsets.ISO_8859_1);
    header.comment = new byte[GzipMembersInputStream.MAX_HEADER_STRING];
    Arrays.fill(header.comment, (byte) 'c');
    header.headerCrc = true;

    byte[] gzip = member(header, content);

    assertThat(inflate(gzip, 8192)).isEqualTo(content);
    assertThat(inflate(new Trickle(gzip, 3), 8192)).isEqualTo(content);
  }

  @Test
  void refusesAWrongHeaderCrc() {
    Header header = new Header();
    header.name = "x".getBytes(StandardCharsets.ISO_8859_1);
    header.headerCrc = true;
    byte[] gzip = member(header, content(10));
    gzip[10 + 2] ^= 1; // the CRC16 after the 10 fixed bytes and "x\0"

    assertFails(gzip, "member 1 (at offset 0) has header CRC");
  }

  @Test
  void refusesReservedFlagsAndOtherMethods() {
    Header reserved = new Header();
    reserved.extraFlags = 0x20;
    assertFails(member(reserved, content(10)), "sets reserved header flags 0x20");

    byte[] stored = member(new Header(), content(10));
    stored[2] = 0;
    assertFails(stored, "uses compression method 0, not deflate (8)");
  }

  @Test
  void refusesAFileNameOrCommentLongerThanTheBound() {
    Header longName = new Header();
    longName.name = new byte[GzipMembersInputStream.MAX_HEADER_STRING + 1];
    Arrays.fill(longName.name, (byte) 'n');
    assertFails(member(longName, content(10)), "the file name in the header of member 1");

    // An unterminated comment is refused at the bound, not read to the end of the input.
    byte[] unterminated = new byte[10 + 4 * GzipMembersInputStream.MAX_HEADER_STRING];
    Arrays.fill(unterminated, (byte) 'c');
    System.arraycopy(
        new byte[] {0x1f, (byte) 0x8b, 8, 0x10, 0, 0, 0, 0, 0, 3}, 0, unterminated, 0, 10);
    AtomicBoolean readToTheEnd = new AtomicBoolean();
    InputStream in =
        new ByteArrayInputStream(unterminated) {
          @Override
          public synchronized int read(byte[] b, int off, int len) {
            int n = super.read(b, off, len);
            readToTheEnd.compareAndSet(false, n < 0);
            return n;
          }
        };
    assertThatThrownBy(() -> inflate(in, 8192))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("the comment in the header of member 1")
        .hasMessageContaining("longer than " + GzipMembersInputStream.MAX_HEADER_STRING + " bytes");
    assertThat(readToTheEnd).isFalse();
  }

  @Test
  void refusesInputThatIsNoGzip() {
    assertThatThrownBy(() -> inflate(new byte[0], 100))
        .isInstanceOf(EOFException.class)
        .hasMessageContaining("not a gzip stream: the layer is empty");
    assertFails(
        "plain tar".getBytes(StandardCharsets.US_ASCII),
        "not a gzip stream: it does not begin with the gzip magic bytes 0x1f 0x8b");
  }

  @ParameterizedTest
  @ValueSource(strings = {"00", "00000000", "504b0304", "1f"})
  void refusesTrailingGarbageAfterAMember(String hex) {
    byte[] first = jdkGzip(content(100));
    byte[] gzip = concat(first, jdkGzip(content(5)), hex(hex));

    assertThatThrownBy(() -> inflate(gzip, 8192))
        .isInstanceOf(IOException.class)
        .hasMessageContaining(
            hex.equals("1f")
                ? "truncated at offset "
                    + gzip.length
                    + ": it ends in the magic of the header of member 3"
                : "trailing garbage at offset " + (gzip.length - hex.length() / 2) + " after 2");
  }

  @Test
  void refusesAStreamTruncatedAnywhere() throws IOException {
    Header header = new Header();
    header.name = "n".getBytes(StandardCharsets.ISO_8859_1);
    header.extra = new byte[3];
    header.headerCrc = true;
    byte[] gzip = member(header, content(3 * BUFFER));
    for (int length = 1; length < gzip.length; length += length < 40 ? 1 : 997) {
      byte[] cut = Arrays.copyOf(gzip, length);
      assertThatThrownBy(() -> inflate(cut, 8192))
          .as("cut at %d of %d", length, gzip.length)
          .isInstanceOf(EOFException.class)
          .hasMessageContaining("gzip stream truncated at offset " + length);
    }
    for (int cutOff = 1; cutOff <= 8; cutOff++) {
      byte[] cut = Arrays.copyOf(gzip, gzip.length - cutOff);
      assertThatThrownBy(() -> inflate(cut, 8192))
          .isInstanceOf(EOFException.class)
          .hasMessageContaining("in the trailer (CRC-32 and length) of member 1");
    }
  }

  @Test
  void checksTheCrcAndLengthOfEveryMember() {
    byte[] good = jdkGzip(content(100));

    byte[] badCrc = member(new Header(), content(100));
    badCrc[badCrc.length - 8] ^= 1;
    assertFails(concat(good, badCrc), "member 2 (at offset " + good.length + ") inflates to bytes");

    byte[] badSize = member(new Header(), content(100));
    badSize[badSize.length - 1] = 1;
    assertFails(
        concat(good, badSize),
        "member 2 (at offset "
            + good.length
            + ") inflates to 100 bytes, its trailer says 16777316 (modulo 2^32)");
  }

  @Test
  void refusesCorruptDeflateData() {
    byte[] gzip = member(new Header(), new byte[0]);
    byte[] corrupt = concat(Arrays.copyOf(gzip, 10), new byte[] {(byte) 0xff, (byte) 0xff});
    assertFails(concat(corrupt, new byte[8]), "member 1 (at offset 0) holds invalid deflate data");
  }

  @Test
  void aDamagedStreamInflatesOrFailsWithAnIoExceptionNeverAnythingElse() {
    Header header = new Header();
    header.name = "n".getBytes(StandardCharsets.ISO_8859_1);
    header.extra = new byte[5];
    header.headerCrc = true;
    byte[] gzip = concat(member(header, content(20_000)), jdkGzip(content(3000)));
    Random random = new Random(42);
    for (int i = 0; i < 500; i++) {
      byte[] damaged = gzip.clone();
      for (int flips = 1 + random.nextInt(3); flips > 0; flips--) {
        damaged[random.nextInt(damaged.length)] ^= (byte) (1 + random.nextInt(255));
      }
      if (random.nextBoolean()) {
        damaged = Arrays.copyOf(damaged, random.nextInt(damaged.length + 1));
      }
      byte[] input = damaged;
      try {
        inflate(input, 1 + random.nextInt(10_000));
      } catch (IOException expected) {
        // refused: what a damaged stream may do
      } catch (RuntimeException | Error e) {
        throw new AssertionError("damaged stream " + i + " threw " + e, e);
      }
    }
  }

  @Test
  void closesItsSource() throws IOException {
    AtomicBoolean closed = new AtomicBoolean();
    InputStream source =
        new ByteArrayInputStream(jdkGzip(content(10))) {
          @Override
          public void close() {
            closed.set(true);
          }
        };
    GzipMembersInputStream in = new GzipMembersInputStream(source);
    assertThat(in.read()).isEqualTo(content(10)[0] & 0xff);
    in.close();
    assertThat(closed).isTrue();
    assertThatThrownBy(in::read).hasMessage("stream closed");
  }

  private static void assertFails(byte[] gzip, String message) {
    assertThatThrownBy(() -> inflate(gzip, 8192))
        .isInstanceOf(IOException.class)
        .hasMessageContaining(message);
  }

  private static byte[] inflate(byte[] gzip, int readSize) throws IOException {
    return inflate(new ByteArrayInputStream(gzip), readSize);
  }

  private static byte[] inflate(InputStream source, int readSize) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (InputStream in = new GzipMembersInputStream(source)) {
      byte[] buffer = new byte[readSize];
      if (readSize == 1) {
        for (int b = in.read(); b >= 0; b = in.read()) {
          out.write(b);
        }
      } else {
        for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
          out.write(buffer, 0, n);
        }
      }
      assertThat(in.read(buffer)).isEqualTo(-1);
    }
    return out.toByteArray();
  }

  /** Half random bytes, half repetitive: both stored-like and well-compressed stretches. */
  private static byte[] content(int size) {
    byte[] bytes = new byte[size];
    Random random = new Random(size);
    for (int i = 0; i < size; i++) {
      bytes[i] = (i / 1000) % 2 == 0 ? (byte) random.nextInt() : (byte) (i % 7);
    }
    return bytes;
  }

  private static byte[] jdkGzip(byte[] content) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (GZIPOutputStream gzip = new GZIPOutputStream(out)) {
      gzip.write(content);
    } catch (IOException e) {
      throw new AssertionError(e);
    }
    return out.toByteArray();
  }

  /** The optional parts of a member's header. */
  private static final class Header {
    byte[] extra;
    byte[] name;
    byte[] comment;
    boolean headerCrc;
    int extraFlags;
  }

  /** One gzip member, its header written field by field, its deflate data from the JDK. */
  private static byte[] member(Header h, byte[] content) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    int flags =
        (h.headerCrc ? 0x02 : 0)
            | (h.extra != null ? 0x04 : 0)
            | (h.name != null ? 0x08 : 0)
            | (h.comment != null ? 0x10 : 0)
            | h.extraFlags;
    out.writeBytes(new byte[] {0x1f, (byte) 0x8b, 8, (byte) flags, 1, 2, 3, 4, 0, 3});
    if (h.extra != null) {
      out.write(h.extra.length & 0xff);
      out.write(h.extra.length >>> 8);
      out.writeBytes(h.extra);
    }
    if (h.name != null) {
      out.writeBytes(h.name);
      out.write(0);
    }
    if (h.comment != null) {
      out.writeBytes(h.comment);
      out.write(0);
    }
    if (h.headerCrc) {
      CRC32 crc = new CRC32();
      crc.update(out.toByteArray());
      out.write((int) crc.getValue() & 0xff);
      out.write((int) (crc.getValue() >>> 8) & 0xff);
    }
    Deflater deflater = new Deflater(Deflater.DEFAULT_COMPRESSION, true);
    deflater.setInput(content);
    deflater.finish();
    byte[] buffer = new byte[8192];
    while (!deflater.finished()) {
      out.write(buffer, 0, deflater.deflate(buffer));
    }
    deflater.end();
    CRC32 crc = new CRC32();
    crc.update(content);
    writeLittleEndian(out, crc.getValue());
    writeLittleEndian(out, content.length);
    return out.toByteArray();
  }

  private static void writeLittleEndian(ByteArrayOutputStream out, long value) {
    for (int i = 0; i < 4; i++) {
      out.write((int) (value >>> (8 * i)) & 0xff);
    }
  }

  private static byte[] concat(byte[]... parts) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (byte[] part : parts) {
      out.writeBytes(part);
    }
    return out.toByteArray();
  }

  private static byte[] hex(String hex) {
    byte[] bytes = new byte[hex.length() / 2];
    for (int i = 0; i < bytes.length; i++) {
      bytes[i] = (byte) Integer.parseInt(hex.substring(2 * i, 2 * i + 2), 16);
    }
    return bytes;
  }

  /** A stream that hands out at most {@code step} bytes per read, as a slow network does. */
  private static final class Trickle extends ByteArrayInputStream {
    private final int step;

    Trickle(byte[] bytes, int step) {
      super(bytes);
      this.step = step;
    }

    @Override
    public synchronized int read(byte[] b, int off, int len) {
      return super.read(b, off, Math.min(len, step));
    }
  }
}
