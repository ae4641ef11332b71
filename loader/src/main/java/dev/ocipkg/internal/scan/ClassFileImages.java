package dev.ocipkg.internal.scan;

import java.io.ByteArrayInputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * Reads the {@code @NativeImage} annotations (single or repeated) of a class file, and whether the
 * class declares {@code native} methods, from its bytes: nothing is loaded, and no bytecode library
 * is needed. Only the constant pool, the member tables and the class's {@code
 * RuntimeVisibleAnnotations} are read (JVMS §4).
 */
public final class ClassFileImages {
  private static final String ANNOTATION = "Ldev/ocipkg/NativeImage;";
  private static final String CONTAINER = "Ldev/ocipkg/NativeImage$List;";
  private static final byte[] MARKER = "dev/ocipkg/NativeImage".getBytes(StandardCharsets.US_ASCII);
  private static final int[] MARKER_SHIFTS = shifts(MARKER);
  private static final int ACC_INTERFACE = 0x0200;
  private static final int ACC_NATIVE = 0x0100;

  private final byte[] bytes;
  private int pos;

  /** Per constant pool entry, where its length-prefixed Utf8 starts; 0 for other entries. */
  private int[] utf8At = new int[0];

  private int[] integers = new int[0];

  private ClassFileImages(byte[] bytes) {
    this.bytes = bytes;
  }

  /**
   * What a class says.
   *
   * @param images its {@code @NativeImage} annotations, in order
   * @param hasNativeMethods whether it declares a {@code native} method
   * @param isInterface whether it is an interface (a JNA library, say)
   */
  public record Scan(List<DeclaredImage> images, boolean hasNativeMethods, boolean isInterface) {
    /** Whether the agent has native methods to bind for it. */
    public boolean needsBinding() {
      return hasNativeMethods && !isInterface;
    }
  }

  /**
   * What a class file says, or null when it has no {@code @NativeImage} at all (the fast path: one
   * search of the bytes).
   *
   * @throws IllegalArgumentException if the bytes are not a well-formed class file
   */
  public static @Nullable Scan scan(byte[] classFile) {
    if (!containsMarker(classFile)) {
      return null;
    }
    try {
      return new ClassFileImages(classFile).read();
    } catch (ArrayIndexOutOfBoundsException | IOException e) {
      throw new IllegalArgumentException("not a well-formed class file: " + e.getMessage(), e);
    }
  }

  private @Nullable Scan read() throws IOException {
    if (u4() != 0xCAFEBABE) {
      throw new IOException("no class file magic number");
    }
    pos += 4; // minor, major
    readConstantPool();
    boolean isInterface = (u2() & ACC_INTERFACE) != 0;
    pos += 4; // this_class, super_class
    int interfaces = u2();
    pos += 2 * interfaces;
    skipMembers(); // fields
    boolean hasNative = skipMembers(); // methods
    List<DeclaredImage> images = new ArrayList<>();
    int attributes = u2();
    for (int i = 0; i < attributes; i++) {
      String name = utf8(u2());
      int length = u4();
      int end = pos + length;
      if ("RuntimeVisibleAnnotations".equals(name)) {
        readAnnotations(images);
      }
      pos = end;
    }
    return images.isEmpty() ? null : new Scan(List.copyOf(images), hasNative, isInterface);
  }

  private void readConstantPool() throws IOException {
    int count = u2();
    utf8At = new int[count];
    integers = new int[count];
    for (int i = 1; i < count; i++) {
      int tag = bytes[pos++];
      switch (tag) {
        case 1: // Utf8
          utf8At[i] = pos;
          pos += 2 + ((bytes[pos] & 0xff) << 8 | (bytes[pos + 1] & 0xff));
          break;
        case 3: // Integer: the value of a boolean, char, byte, short or int element
          integers[i] = u4();
          break;
        case 4: // Float
          pos += 4;
          break;
        case 5: // Long
        case 6: // Double: two entries
          pos += 8;
          i++;
          break;
        case 7: // Class
        case 8: // String
        case 16: // MethodType
        case 19: // Module
        case 20: // Package
          pos += 2;
          break;
        case 15: // MethodHandle
          pos += 3;
          break;
        case 9: // Fieldref
        case 10: // Methodref
        case 11: // InterfaceMethodref
        case 12: // NameAndType
        case 17: // Dynamic
        case 18: // InvokeDynamic
          pos += 4;
          break;
        default:
          throw new IOException("constant pool entry " + i + " has the unknown tag " + tag);
      }
    }
  }

  /** Skips a field or method table; whether one of its members is native. */
  private boolean skipMembers() {
    boolean anyNative = false;
    int count = u2();
    for (int i = 0; i < count; i++) {
      anyNative |= (u2() & ACC_NATIVE) != 0;
      pos += 4; // name, descriptor
      int attributes = u2();
      for (int a = 0; a < attributes; a++) {
        pos += 2; // name
        int length = u4(); // read before pos is added to: u4() moves pos itself
        pos += length;
      }
    }
    return anyNative;
  }

  private void readAnnotations(List<DeclaredImage> images) throws IOException {
    int count = u2();
    for (int i = 0; i < count; i++) {
      String type = utf8(u2());
      if (ANNOTATION.equals(type)) {
        images.add(readImage());
      } else if (CONTAINER.equals(type)) {
        readContainer(images);
      } else {
        skipPairs();
      }
    }
  }

  /** {@code @NativeImage.List({...})}: its {@code value} array holds the annotations. */
  private void readContainer(List<DeclaredImage> images) throws IOException {
    int pairs = u2();
    for (int p = 0; p < pairs; p++) {
      String name = utf8(u2());
      int tag = bytes[pos];
      if ("value".equals(name) && tag == '[') {
        pos++;
        int values = u2();
        for (int v = 0; v < values; v++) {
          if (bytes[pos++] != '@') {
            throw new IOException("a NativeImage.List value that is not an annotation");
          }
          pos += 2; // its type, NativeImage
          images.add(readImage());
        }
      } else {
        skipElement();
      }
    }
  }

  private DeclaredImage readImage() throws IOException {
    String value = "";
    String library = "";
    String digest = "";
    boolean optional = false;
    int pairs = u2();
    for (int p = 0; p < pairs; p++) {
      String name = utf8(u2());
      int tag = bytes[pos];
      if (tag == 's' && ("value".equals(name) || "library".equals(name) || "digest".equals(name))) {
        pos++;
        String text = utf8(u2());
        if ("value".equals(name)) {
          value = text;
        } else if ("library".equals(name)) {
          library = text;
        } else {
          digest = text;
        }
      } else if (tag == 'Z' && "optional".equals(name)) {
        pos++;
        optional = integers[u2()] != 0;
      } else {
        skipElement();
      }
    }
    return new DeclaredImage(value, library, digest, optional);
  }

  private void skipPairs() throws IOException {
    int pairs = u2();
    for (int p = 0; p < pairs; p++) {
      pos += 2;
      skipElement();
    }
  }

  private void skipElement() throws IOException {
    int tag = bytes[pos++];
    switch (tag) {
      case 'e':
        pos += 4;
        break;
      case '@':
        pos += 2;
        skipPairs();
        break;
      case '[':
        int values = u2();
        for (int v = 0; v < values; v++) {
          skipElement();
        }
        break;
      case 'B':
      case 'C':
      case 'D':
      case 'F':
      case 'I':
      case 'J':
      case 'S':
      case 'Z':
      case 's':
      case 'c':
        pos += 2;
        break;
      default:
        throw new IOException("an annotation element of the unknown tag " + tag);
    }
  }

  /** A Utf8 constant: the modified UTF-8 of class files, decoded when asked for. */
  private String utf8(int index) throws IOException {
    int at = index > 0 && index < utf8At.length ? utf8At[index] : 0;
    if (at == 0) {
      throw new IOException("constant pool entry " + index + " is not a Utf8 entry");
    }
    int length = ((bytes[at] & 0xff) << 8) | (bytes[at + 1] & 0xff);
    return new DataInputStream(new ByteArrayInputStream(bytes, at, length + 2)).readUTF();
  }

  private int u2() {
    int v = ((bytes[pos] & 0xff) << 8) | (bytes[pos + 1] & 0xff);
    pos += 2;
    return v;
  }

  private int u4() {
    int v =
        ((bytes[pos] & 0xff) << 24)
            | ((bytes[pos + 1] & 0xff) << 16)
            | ((bytes[pos + 2] & 0xff) << 8)
            | (bytes[pos + 3] & 0xff);
    pos += 4;
    return v;
  }

  /**
   * Whether {@code haystack} holds {@link #MARKER} anywhere: Horspool's search, which skips up to
   * the marker's length at each miss. The agent runs this on every class the application loads, on
   * the loading thread, at start-up while the code is still interpreted: a byte-by-byte search cost
   * about 10 ms of CPU for the 450 KiB of classes of a JNA warm load.
   */
  private static boolean containsMarker(byte[] haystack) {
    int last = MARKER.length - 1;
    int i = 0;
    while (i <= haystack.length - MARKER.length) {
      int j = last;
      while (haystack[i + j] == MARKER[j]) {
        if (j == 0) {
          return true;
        }
        j--;
      }
      i += MARKER_SHIFTS[haystack[i + last] & 0xff];
    }
    return false;
  }

  /** Per byte value, how far Horspool's search may move when it is under the marker's end. */
  private static int[] shifts(byte[] needle) {
    int[] shifts = new int[256];
    Arrays.fill(shifts, needle.length);
    for (int k = 0; k < needle.length - 1; k++) {
      shifts[needle[k] & 0xff] = needle.length - 1 - k;
    }
    return shifts;
  }
}
