package dev.ocipkg.internal.link;

import java.util.Arrays;

/**
 * The bytes of a class whose static initializer is {@code System.load("<path>")} and nothing else,
 * written by hand (class-file version 52, no stack map needed: the code has no branch). Nothing of
 * {@code java.lang.classfile} or a bytecode library is loaded to make it: this runs on the warm
 * path.
 *
 * <pre>{@code
 * final class <name> { static { System.load("<path>"); } }
 * }</pre>
 */
final class SystemLoadClassFile {
  private static final int MAX_UTF8_BYTES = 0xFFFF;

  // Constant pool indices, in the order write() puts the entries.
  private static final int THIS_CLASS = 2;
  private static final int OBJECT_CLASS = 4;
  private static final int LOAD_METHOD = 10;
  private static final int PATH_STRING = 12;
  private static final int CLINIT_NAME = 13;
  private static final int CODE_NAME = 14;
  private static final int VOID_DESCRIPTOR = 15;
  private static final int POOL_COUNT = 16;

  private byte[] bytes = new byte[256];
  private int size;

  private SystemLoadClassFile() {}

  /**
   * The class file of {@code internalName} ({@code com/acme/Foo$Load}) loading {@code path}.
   *
   * @throws IllegalArgumentException if {@code path} is longer than a class-file constant can be
   *     (65535 bytes of modified UTF-8)
   */
  static byte[] of(String internalName, String path) {
    return new SystemLoadClassFile().write(internalName, path);
  }

  private byte[] write(String internalName, String path) {
    u4(0xCAFEBABE);
    u2(0); // minor version
    u2(52); // Java 8: no StackMapTable, and every JVM this loader runs on accepts it
    u2(POOL_COUNT);
    utf8(internalName); // 1
    classEntry(1); // 2 THIS_CLASS
    utf8("java/lang/Object"); // 3
    classEntry(3); // 4 OBJECT_CLASS
    utf8("java/lang/System"); // 5
    classEntry(5); // 6
    utf8("load"); // 7
    utf8("(Ljava/lang/String;)V"); // 8
    u1(12); // 9: NameAndType load (String)void
    u2(7);
    u2(8);
    u1(10); // 10 LOAD_METHOD: Methodref System.load
    u2(6);
    u2(9);
    utf8(path); // 11
    u1(8); // 12 PATH_STRING
    u2(11);
    utf8("<clinit>"); // 13 CLINIT_NAME
    utf8("Code"); // 14 CODE_NAME
    utf8("()V"); // 15 VOID_DESCRIPTOR
    u2(0x1030); // ACC_FINAL | ACC_SUPER | ACC_SYNTHETIC
    u2(THIS_CLASS);
    u2(OBJECT_CLASS);
    u2(0); // interfaces
    u2(0); // fields
    u2(1); // methods: <clinit>
    u2(0x0008); // ACC_STATIC
    u2(CLINIT_NAME);
    u2(VOID_DESCRIPTOR);
    u2(1); // attributes: Code
    u2(CODE_NAME);
    u4(18); // attribute length: 2 + 2 + 4 + 6 (code) + 2 + 2
    u2(1); // max stack
    u2(0); // max locals
    u4(6); // code length
    u1(0x12); // ldc PATH_STRING
    u1(PATH_STRING);
    u1(0xB8); // invokestatic LOAD_METHOD
    u2(LOAD_METHOD);
    u1(0xB1); // return
    u2(0); // exception table
    u2(0); // Code attributes
    u2(0); // class attributes
    return Arrays.copyOf(bytes, size);
  }

  private void classEntry(int nameIndex) {
    u1(7);
    u2(nameIndex);
  }

  /** A CONSTANT_Utf8 entry: modified UTF-8, as {@code DataOutput.writeUTF} writes it. */
  private void utf8(String text) {
    int length = 0;
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      length += c >= 0x0001 && c <= 0x007F ? 1 : c <= 0x07FF ? 2 : 3;
    }
    if (length > MAX_UTF8_BYTES) {
      throw new IllegalArgumentException(
          "cannot load a library from a path of "
              + length
              + " bytes: a class-file constant holds at most "
              + MAX_UTF8_BYTES);
    }
    u1(1);
    u2(length);
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c >= 0x0001 && c <= 0x007F) {
        u1(c);
      } else if (c <= 0x07FF) {
        u1(0xC0 | (c >> 6));
        u1(0x80 | (c & 0x3F));
      } else {
        u1(0xE0 | (c >> 12));
        u1(0x80 | ((c >> 6) & 0x3F));
        u1(0x80 | (c & 0x3F));
      }
    }
  }

  private void u4(int value) {
    u2(value >>> 16);
    u2(value);
  }

  private void u2(int value) {
    u1(value >>> 8);
    u1(value);
  }

  private void u1(int value) {
    if (size == bytes.length) {
      bytes = Arrays.copyOf(bytes, size * 2);
    }
    bytes[size++] = (byte) value;
  }
}
