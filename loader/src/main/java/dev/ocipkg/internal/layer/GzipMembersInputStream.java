package dev.ocipkg.internal.layer;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.util.Objects;
import java.util.zip.CRC32;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;

/**
 * Decompresses a gzip stream (RFC 1952) of one or more members, as parallel compressors write them,
 * straight into the caller's buffer.
 *
 * <p>Written here rather than taken from Commons Compress's {@code GzipCompressorInputStream},
 * which inflates from an 8 KiB buffer of its own behind another buffer, and from the JDK's {@code
 * GZIPInputStream}, which before JDK 23 looks for a next member only when {@code available() > 0}:
 * one copy of the compressed bytes fewer, large inflate calls, and the classes of neither to load.
 *
 * <p>Every header field is checked or bounded: the method must be deflate, reserved flags must be
 * clear, an extra field is skipped (its length is at most 65535 by the format), a file name or
 * comment longer than {@value #MAX_HEADER_STRING} bytes is refused, and a header CRC is checked.
 * Nothing is buffered but one input buffer of {@value #INPUT_BYTES} bytes. Every member's CRC-32
 * and length (ISIZE) are checked at its end. After a member, only the end of the input or another
 * member may follow: anything else is refused as trailing garbage, and an input that ends inside a
 * member as truncated. Messages give the offset in the compressed stream; the caller names the
 * layer. How many bytes may come out is the caller's to bound (its extraction budget): this class
 * only hands out what is asked for.
 */
final class GzipMembersInputStream extends InputStream {
  static final int INPUT_BYTES = 64 * 1024;
  static final int MAX_HEADER_STRING = 64 * 1024;

  private static final int ID1 = 0x1f;
  private static final int ID2 = 0x8b;
  private static final int DEFLATE = 8;
  private static final int FHCRC = 0x02;
  private static final int FEXTRA = 0x04;
  private static final int FNAME = 0x08;
  private static final int FCOMMENT = 0x10;
  private static final int RESERVED_FLAGS = 0xe0;

  private final InputStream in;
  private final byte[] input = new byte[INPUT_BYTES];
  private final Inflater inflater = new Inflater(true);
  private final CRC32 crc = new CRC32();
  private final CRC32 headerCrc = new CRC32();
  private final byte[] single = new byte[1];

  /** Valid bytes in {@code input}, and the next one to read by the header and trailer parsers. */
  private int limit;

  private int position;

  /** Compressed bytes consumed before {@code input[0]}. */
  private long inputOffset;

  /** Offset of the current member's first byte, for messages. */
  private long memberOffset;

  /** Members begun: the number of the current one, from 1. */
  private int members;

  /** Bytes the current member inflated so far. */
  private long memberBytes;

  private boolean inMember;
  private boolean ended;
  private boolean closed;

  /** The stream to read; closed by {@link #close}. */
  GzipMembersInputStream(InputStream in) {
    this.in = in;
  }

  @Override
  public int read() throws IOException {
    int n = read(single, 0, 1);
    return n < 0 ? -1 : single[0] & 0xff;
  }

  @Override
  public int read(byte[] b, int off, int len) throws IOException {
    Objects.checkFromIndexSize(off, len, b.length);
    if (closed) {
      throw new IOException("stream closed");
    }
    if (len == 0) {
      return 0;
    }
    while (!ended) {
      if (!inMember) {
        if (!startMember()) {
          ended = true;
          break;
        }
        continue;
      }
      int remainingBefore = inflater.getRemaining();
      int n;
      try {
        n = inflater.inflate(b, off, len);
      } catch (DataFormatException e) {
        throw new IOException(
            "corrupt gzip stream: member "
                + members
                + " (at offset "
                + memberOffset
                + ") holds invalid deflate data: "
                + e.getMessage(),
            e);
      }
      if (n > 0) {
        crc.update(b, off, n);
        memberBytes += n;
        return n;
      }
      if (inflater.finished()) {
        endMember();
      } else if (inflater.needsDictionary()) {
        throw new IOException(
            "corrupt gzip stream: member "
                + members
                + " (at offset "
                + memberOffset
                + ") asks for a preset dictionary, which gzip has not");
      } else if (inflater.needsInput()) {
        if (!fill()) {
          throw truncated("in the compressed data of member " + members);
        }
        inflater.setInput(input, 0, limit);
      } else if (inflater.getRemaining() == remainingBefore) {
        throw new IOException(
            "corrupt gzip stream: the inflater stopped making progress in member " + members);
      }
    }
    return -1;
  }

  /**
   * Reads the header of the next member; false at a clean end of input after a member.
   *
   * @throws IOException if the input is no gzip, or garbage follows a member
   */
  private boolean startMember() throws IOException {
    if (position == limit && !fill()) {
      if (members == 0) {
        throw new EOFException("not a gzip stream: the layer is empty");
      }
      return false;
    }
    memberOffset = offset();
    headerCrc.reset();
    members++;
    if (headerByte("magic") != ID1 || headerByte("magic") != ID2) {
      throw new IOException(
          members == 1
              ? "not a gzip stream: it does not begin with the gzip magic bytes 0x1f 0x8b"
              : "corrupt gzip stream: trailing garbage at offset "
                  + memberOffset
                  + " after "
                  + (members - 1)
                  + " member(s); only another gzip member or the end may follow one");
    }
    int method = headerByte("compression method");
    if (method != DEFLATE) {
      throw new IOException(
          "unsupported gzip stream: member "
              + members
              + " (at offset "
              + memberOffset
              + ") uses compression method "
              + method
              + ", not deflate (8)");
    }
    int flags = headerByte("flags");
    if ((flags & RESERVED_FLAGS) != 0) {
      throw new IOException(
          String.format(
              "corrupt gzip stream: member %d (at offset %d) sets reserved header flags 0x%02x",
              members, memberOffset, flags & RESERVED_FLAGS));
    }
    for (int i = 0; i < 6; i++) { // MTIME, XFL, OS: nothing extraction uses
      headerByte("header");
    }
    if ((flags & FEXTRA) != 0) {
      int extraLength = headerByte("extra field length") | headerByte("extra field length") << 8;
      for (int i = 0; i < extraLength; i++) {
        headerByte("extra field");
      }
    }
    if ((flags & FNAME) != 0) {
      skipHeaderString("file name");
    }
    if ((flags & FCOMMENT) != 0) {
      skipHeaderString("comment");
    }
    if ((flags & FHCRC) != 0) {
      int expected = (int) (headerCrc.getValue() & 0xffff);
      int stored = headerByte("header CRC") | headerByte("header CRC") << 8;
      if (stored != expected) {
        throw new IOException(
            String.format(
                "corrupt gzip stream: member %d (at offset %d) has header CRC 0x%04x, its header"
                    + " 0x%04x",
                members, memberOffset, stored, expected));
      }
    }
    inflater.reset();
    inflater.setInput(input, position, limit - position);
    crc.reset();
    memberBytes = 0;
    inMember = true;
    return true;
  }

  /** Checks the trailer of the member the inflater just finished. */
  private void endMember() throws IOException {
    position = limit - inflater.getRemaining();
    long expectedCrc = trailerWord();
    long expectedSize = trailerWord();
    if (expectedCrc != crc.getValue()) {
      throw new IOException(
          String.format(
              "corrupt gzip stream: member %d (at offset %d) inflates to bytes of CRC-32 %08x,"
                  + " its trailer says %08x",
              members, memberOffset, crc.getValue(), expectedCrc));
    }
    if (expectedSize != (memberBytes & 0xffffffffL)) {
      throw new IOException(
          "corrupt gzip stream: member "
              + members
              + " (at offset "
              + memberOffset
              + ") inflates to "
              + memberBytes
              + " bytes, its trailer says "
              + expectedSize
              + " (modulo 2^32)");
    }
    inMember = false;
  }

  private void skipHeaderString(String field) throws IOException {
    for (int length = 0; headerByte(field) != 0; length++) {
      if (length == MAX_HEADER_STRING) {
        throw new IOException(
            "unsupported gzip stream: the "
                + field
                + " in the header of member "
                + members
                + " (at offset "
                + memberOffset
                + ") is longer than "
                + MAX_HEADER_STRING
                + " bytes");
      }
    }
  }

  /** The next header byte, counted in the header CRC. */
  private int headerByte(String field) throws IOException {
    if (position == limit && !fill()) {
      throw truncated("in the " + field + " of the header of member " + members);
    }
    int b = input[position++] & 0xff;
    headerCrc.update(b);
    return b;
  }

  /** The next four trailer bytes, little-endian. */
  private long trailerWord() throws IOException {
    long word = 0;
    for (int i = 0; i < 4; i++) {
      if (position == limit && !fill()) {
        throw truncated("in the trailer (CRC-32 and length) of member " + members);
      }
      word |= (long) (input[position++] & 0xff) << (8 * i);
    }
    return word;
  }

  /**
   * Reads more input into the empty buffer (everything in it was consumed); false at the end of the
   * input.
   */
  private boolean fill() throws IOException {
    inputOffset += limit;
    limit = 0;
    position = 0;
    int n;
    do {
      n = in.read(input, 0, input.length);
    } while (n == 0);
    if (n < 0) {
      return false;
    }
    limit = n;
    return true;
  }

  private long offset() {
    return inputOffset + position;
  }

  private EOFException truncated(String where) {
    return new EOFException(
        "gzip stream truncated at offset " + (inputOffset + limit) + ": it ends " + where);
  }

  @Override
  public void close() throws IOException {
    if (closed) {
      return;
    }
    closed = true;
    inflater.end();
    in.close();
  }
}
