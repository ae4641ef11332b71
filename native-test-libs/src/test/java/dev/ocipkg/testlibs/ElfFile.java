package dev.ocipkg.testlibs;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads the few ELF fields that the fixtures are built to have, so that tests check them without
 * {@code readelf}, which a machine with only gcc may lack.
 */
final class ElfFile {

  static final int EM_X86_64 = 62;
  static final int EM_AARCH64 = 183;

  private static final int SHT_DYNAMIC = 6;
  private static final long DT_NULL = 0;
  private static final long DT_NEEDED = 1;
  private static final long DT_SONAME = 14;
  private static final long DT_RUNPATH = 29;

  private final ByteBuffer bytes;
  private final boolean is64;

  private ElfFile(ByteBuffer bytes) {
    this.bytes = bytes;
    this.is64 = bytes.get(4) == 2;
  }

  static ElfFile read(Path file) throws IOException {
    ByteBuffer bytes = ByteBuffer.wrap(Files.readAllBytes(file));
    if (bytes.limit() < 64 || bytes.getInt(0) != 0x7f454c46) { // "\x7fELF", big-endian
      throw new IOException(file + " is not an ELF file");
    }
    bytes.order(bytes.get(5) == 2 ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN);
    return new ElfFile(bytes);
  }

  /** The machine that the file is built for, {@code e_machine}. */
  int machine() {
    return Short.toUnsignedInt(bytes.getShort(18));
  }

  List<String> needed() {
    return dynamicStrings(DT_NEEDED);
  }

  List<String> soname() {
    return dynamicStrings(DT_SONAME);
  }

  List<String> runpath() {
    return dynamicStrings(DT_RUNPATH);
  }

  /** The strings of every dynamic-section entry with this tag, in file order. */
  private List<String> dynamicStrings(long tag) {
    int sectionHeaders = word(is64 ? 0x28 : 0x20);
    int headerSize = Short.toUnsignedInt(bytes.getShort(is64 ? 0x3a : 0x2e));
    int headerCount = Short.toUnsignedInt(bytes.getShort(is64 ? 0x3c : 0x30));
    List<String> strings = new ArrayList<>();
    for (int i = 0; i < headerCount; i++) {
      int header = sectionHeaders + i * headerSize;
      if (bytes.getInt(header + 4) != SHT_DYNAMIC) {
        continue;
      }
      int entries = word(header + (is64 ? 0x18 : 0x10));
      int size = word(header + (is64 ? 0x20 : 0x14));
      // sh_link of the dynamic section is the index of its string table.
      int stringHeader = sectionHeaders + bytes.getInt(header + (is64 ? 0x28 : 0x18)) * headerSize;
      int stringTable = word(stringHeader + (is64 ? 0x18 : 0x10));
      int entrySize = is64 ? 16 : 8;
      for (int entry = entries; entry < entries + size; entry += entrySize) {
        long entryTag = is64 ? bytes.getLong(entry) : bytes.getInt(entry);
        if (entryTag == DT_NULL) {
          break;
        }
        if (entryTag == tag) {
          strings.add(string(stringTable + word(entry + entrySize / 2)));
        }
      }
    }
    return strings;
  }

  /** An address-sized field; these files are small, so every offset fits an int. */
  private int word(int offset) {
    return Math.toIntExact(
        is64 ? bytes.getLong(offset) : Integer.toUnsignedLong(bytes.getInt(offset)));
  }

  private String string(int offset) {
    int end = offset;
    while (bytes.get(end) != 0) {
      end++;
    }
    return new String(bytes.array(), offset, end - offset, StandardCharsets.UTF_8);
  }
}
