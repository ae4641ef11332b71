package dev.ocipkg.internal.layer;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * A streaming reader of ustar, GNU and PAX tar archives that stops at the end-of-archive marker.
 *
 * <p>Written here rather than taken from Commons Compress because {@code TarArchiveInputStream}
 * (1.28) buffers GNU long names and PAX headers in memory without any bound, so a few kilobytes of
 * gzip could exhaust the heap before a byte of content is counted. Here such metadata is capped at
 * {@value #MAX_METADATA_BYTES} bytes, sparse files are refused rather than parsed, and content is
 * read straight from the decompressor into the caller's buffer.
 */
final class TarReader {
  static final int RECORD_SIZE = 512;
  static final int MAX_METADATA_BYTES = 1 << 20;

  /** Extended headers before one entry: a handful in real archives, unbounded in a hostile one. */
  static final int MAX_METADATA_HEADERS = 64;

  private static final int NAME = 0;
  private static final int NAME_LENGTH = 100;
  private static final int MODE = 100;
  private static final int SIZE = 124;
  private static final int CHECKSUM = 148;
  private static final int TYPE_FLAG = 156;
  private static final int LINK_NAME = 157;
  private static final int MAGIC = 257;
  private static final int PREFIX = 345;

  private final InputStream in;
  private final String layer;
  private final ExtractionBudget budget;
  private final byte[] header = new byte[RECORD_SIZE];
  private final byte[] discard = new byte[8192];
  private long offset;
  private long entryRemaining;
  private int entryPadding;
  private boolean finished;

  /**
   * @param budget charged for extended headers and skipped labels, so that an archive of nothing
   *     but metadata cannot make decompression run unbounded
   */
  TarReader(InputStream in, String layer, ExtractionBudget budget) {
    this.in = in;
    this.layer = layer;
    this.budget = budget;
  }

  /**
   * Skips what is left of the current entry and reads the next header; null at the end of the
   * archive. The end is the first all-zero record, or a clean end of input at a record boundary.
   */
  @Nullable TarEntry next() throws IOException {
    if (finished) {
      return null;
    }
    skipRemainder();
    @Nullable String longName = null;
    @Nullable String longLink = null;
    Map<String, String> pax = new HashMap<>();
    boolean metadataPending = false;
    for (int headers = 0; ; headers++) {
      long headerOffset = offset;
      if (headers > MAX_METADATA_HEADERS) {
        throw new UnsafeLayerException(
            layer,
            "(header at offset " + headerOffset + ")",
            "more than " + MAX_METADATA_HEADERS + " extended headers before one entry");
      }
      if (!readRecord() || isZero(header)) {
        if (metadataPending) {
          throw new EOFException(
              "tar archive ends after an extended header at offset "
                  + headerOffset
                  + " without the entry it describes");
        }
        finished = true;
        return null;
      }
      verifyChecksum(headerOffset);
      char flag = (char) (header[TYPE_FLAG] & 0xff);
      long size = parseNumber(header, SIZE, 12, "size", headerOffset);
      switch (flag) {
        case 'L':
          longName = cString(readMetadata(size, "GNU long name", headerOffset));
          metadataPending = true;
          continue;
        case 'K':
          longLink = cString(readMetadata(size, "GNU long link name", headerOffset));
          metadataPending = true;
          continue;
        case 'x':
        case 'X': // Solaris spelling
          pax.putAll(parsePax(readMetadata(size, "PAX extended header", headerOffset)));
          metadataPending = true;
          continue;
        case 'g':
          // Global PAX records (comments, mtimes) carry nothing extraction uses.
          readMetadata(size, "PAX global header", headerOffset);
          continue;
        case 'V':
          // A GNU volume label names the archive, not a file.
          budget.chargeBytes(size, layer, "(volume label at offset " + headerOffset + ")");
          skipData(size + padding(size));
          continue;
        default:
          break;
      }
      return entry(flag, size, longName, longLink, pax, headerOffset);
    }
  }

  private TarEntry entry(
      char flag,
      long headerSize,
      @Nullable String longName,
      @Nullable String longLink,
      Map<String, String> pax,
      long headerOffset)
      throws IOException {
    String name = pax.get("path");
    if (name == null) {
      name = longName != null ? longName : ustarName();
    }
    String linkName = pax.get("linkpath");
    if (linkName == null) {
      linkName = longLink != null ? longLink : headerString(LINK_NAME, 100);
    }
    long size = headerSize;
    @Nullable String paxSize = pax.get("size");
    if (paxSize != null) {
      size = parseDecimal(paxSize, "PAX size", headerOffset);
    }
    TarEntry.Type type;
    switch (flag) {
      case '0':
      case '\0':
        // Pre-POSIX archives mark directories by a trailing slash only.
        type = name.endsWith("/") ? TarEntry.Type.DIRECTORY : TarEntry.Type.FILE;
        break;
      case '7': // contiguous file: a regular file everywhere but on one 1980s system
        type = TarEntry.Type.FILE;
        break;
      case '1':
        type = TarEntry.Type.HARD_LINK;
        break;
      case '2':
        type = TarEntry.Type.SYMLINK;
        break;
      case '3':
        type = TarEntry.Type.CHARACTER_DEVICE;
        break;
      case '4':
        type = TarEntry.Type.BLOCK_DEVICE;
        break;
      case '5':
      case 'D': // GNU dump directory: a directory followed by a listing that we skip
        type = TarEntry.Type.DIRECTORY;
        break;
      case '6':
        type = TarEntry.Type.FIFO;
        break;
      default:
        type = TarEntry.Type.UNSUPPORTED;
    }
    // As in Go's archive/tar: these types never carry content, whatever the size field says.
    boolean headerOnly = "123456".indexOf(flag) >= 0;
    long dataSize = headerOnly ? 0 : size;
    entryRemaining = dataSize;
    entryPadding = padding(dataSize);
    int mode = (int) (parseNumber(header, MODE, 8, "mode", headerOffset) & 07777);
    return new TarEntry(name, type, flag, mode, dataSize, linkName);
  }

  /** Reads content of the current entry; -1 at its end. */
  int read(byte[] buffer, int off, int len) throws IOException {
    if (entryRemaining == 0) {
      return -1;
    }
    int n = in.read(buffer, off, (int) Math.min(len, entryRemaining));
    if (n < 0) {
      throw new EOFException(
          "tar archive truncated: " + entryRemaining + " bytes of an entry missing");
    }
    entryRemaining -= n;
    offset += n;
    return n;
  }

  /** The current entry's content as a stream; it does not close the archive. */
  InputStream content() {
    return new InputStream() {
      @Override
      public int read() throws IOException {
        byte[] one = new byte[1];
        return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
      }

      @Override
      public int read(byte[] buffer, int off, int len) throws IOException {
        return TarReader.this.read(buffer, off, len);
      }
    };
  }

  private void skipRemainder() throws IOException {
    skipData(entryRemaining + entryPadding);
    entryRemaining = 0;
    entryPadding = 0;
  }

  private void skipData(long count) throws IOException {
    long left = count;
    while (left > 0) {
      int n = in.read(discard, 0, (int) Math.min(discard.length, left));
      if (n < 0) {
        throw new EOFException("tar archive truncated: " + left + " bytes missing");
      }
      left -= n;
      offset += n;
    }
  }

  /** Reads one header record; false on a clean end of input before it. */
  private boolean readRecord() throws IOException {
    int read = 0;
    while (read < RECORD_SIZE) {
      int n = in.read(header, read, RECORD_SIZE - read);
      if (n < 0) {
        if (read == 0) {
          return false;
        }
        throw new EOFException("tar archive truncated inside a header at offset " + offset);
      }
      read += n;
    }
    offset += RECORD_SIZE;
    return true;
  }

  private byte[] readMetadata(long size, String what, long headerOffset) throws IOException {
    String header = "(extended header at offset " + headerOffset + ")";
    if (size > MAX_METADATA_BYTES) {
      throw new UnsafeLayerException(
          layer,
          header,
          what + " of " + size + " bytes exceeds the limit of " + MAX_METADATA_BYTES + " bytes");
    }
    budget.chargeBytes(size, layer, header);
    byte[] data = new byte[(int) size];
    int read = 0;
    while (read < data.length) {
      int n = in.read(data, read, data.length - read);
      if (n < 0) {
        throw new EOFException("tar archive truncated inside the " + what + " at " + headerOffset);
      }
      read += n;
    }
    offset += size;
    skipData(padding(size));
    return data;
  }

  private void verifyChecksum(long headerOffset) throws IOException {
    long stored = parseNumber(header, CHECKSUM, 8, "checksum", headerOffset);
    long unsigned = 0;
    long signed = 0;
    for (int i = 0; i < RECORD_SIZE; i++) {
      byte b = i >= CHECKSUM && i < CHECKSUM + 8 ? (byte) ' ' : header[i];
      unsigned += b & 0xff;
      signed += b;
    }
    if (stored != unsigned && stored != signed) {
      throw new IOException(
          "not a tar archive, or corrupt: header checksum mismatch at offset " + headerOffset);
    }
  }

  private String ustarName() throws IOException {
    String name = headerString(NAME, NAME_LENGTH);
    // The prefix field exists in POSIX ustar ("ustar\0"); GNU ("ustar  ") keeps times there.
    if (isMagic("ustar\0")) {
      boolean star =
          header[508] == 't' && header[509] == 'a' && header[510] == 'r' && header[511] == 0;
      String prefix = headerString(PREFIX, star ? 131 : 155);
      if (!prefix.isEmpty()) {
        return prefix + "/" + name;
      }
    }
    return name;
  }

  private boolean isMagic(String magic) {
    for (int i = 0; i < magic.length(); i++) {
      if (header[MAGIC + i] != magic.charAt(i)) {
        return false;
      }
    }
    return true;
  }

  private String headerString(int start, int length) throws UnsafeLayerException {
    int end = start;
    while (end < start + length && header[end] != 0) {
      end++;
    }
    return utf8(header, start, end - start);
  }

  private String cString(byte[] data) throws UnsafeLayerException {
    int end = 0;
    while (end < data.length && data[end] != 0) {
      end++;
    }
    return utf8(data, 0, end);
  }

  private String utf8(byte[] data, int start, int length) throws UnsafeLayerException {
    try {
      return StandardCharsets.UTF_8
          .newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(data, start, length))
          .toString();
    } catch (CharacterCodingException e) {
      throw new UnsafeLayerException(
          layer,
          new String(data, start, length, StandardCharsets.ISO_8859_1),
          "the name is not valid UTF-8");
    }
  }

  /** PAX records: {@code "<length> <key>=<value>\n"}, length counting the whole record. */
  private Map<String, String> parsePax(byte[] data) throws IOException {
    Map<String, String> records = new HashMap<>();
    int pos = 0;
    while (pos < data.length) {
      if (data[pos] == 0) {
        break; // some writers pad the data with NULs
      }
      int space = pos;
      long length = 0;
      while (space < data.length && data[space] >= '0' && data[space] <= '9') {
        length = length * 10 + (data[space] - '0');
        if (length > data.length) {
          throw malformedPax(pos);
        }
        space++;
      }
      if (space == pos
          || space >= data.length
          || data[space] != ' '
          || length <= space - pos + 1
          || pos + length > data.length
          || data[pos + (int) length - 1] != '\n') {
        throw malformedPax(pos);
      }
      int end = pos + (int) length - 1;
      int equals = space + 1;
      while (equals < end && data[equals] != '=') {
        equals++;
      }
      if (equals == end) {
        throw malformedPax(pos);
      }
      String key = utf8(data, space + 1, equals - space - 1);
      String value = utf8(data, equals + 1, end - equals - 1);
      if (key.startsWith("GNU.sparse.")) {
        throw new UnsafeLayerException(
            layer, key, "sparse files (PAX GNU.sparse headers) are not supported");
      }
      if (value.isEmpty()) {
        records.remove(key); // an empty value cancels the keyword
      } else {
        records.put(key, value);
      }
      pos += (int) length;
    }
    return records;
  }

  private static IOException malformedPax(int position) {
    return new IOException("malformed PAX extended header record at byte " + position);
  }

  /** An octal or base-256 (GNU/star) number field. */
  static long parseNumber(byte[] record, int start, int length, String field, long headerOffset)
      throws IOException {
    if ((record[start] & 0x80) != 0) {
      if (record[start] != (byte) 0x80) {
        // 0xff marks a negative number; anything else is not a known encoding.
        throw new IOException(
            "tar header at offset " + headerOffset + ": unsupported binary " + field + " field");
      }
      long value = 0;
      for (int i = start + 1; i < start + length; i++) {
        if (value > (Long.MAX_VALUE >>> 8)) {
          throw new IOException(
              "tar header at offset " + headerOffset + ": " + field + " field overflows");
        }
        value = (value << 8) | (record[i] & 0xff);
      }
      return value;
    }
    int i = start;
    int end = start + length;
    while (i < end && (record[i] == ' ' || record[i] == 0)) {
      i++;
    }
    long value = 0;
    for (; i < end && record[i] != ' ' && record[i] != 0; i++) {
      int digit = record[i] - '0';
      if (digit < 0 || digit > 7) {
        throw new IOException(
            "not a tar archive, or corrupt: invalid "
                + field
                + " field in the header at offset "
                + headerOffset);
      }
      value = (value << 3) | digit; // at most 12 digits: cannot overflow
    }
    return value;
  }

  private static long parseDecimal(String text, String field, long headerOffset)
      throws IOException {
    try {
      long value = Long.parseLong(text);
      if (value >= 0) {
        return value;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw new IOException(
        "tar header at offset " + headerOffset + ": invalid " + field + " \"" + text + "\"");
  }

  private static int padding(long size) {
    return (int) ((RECORD_SIZE - size % RECORD_SIZE) % RECORD_SIZE);
  }

  private static boolean isZero(byte[] record) {
    for (byte b : record) {
      if (b != 0) {
        return false;
      }
    }
    return true;
  }
}
