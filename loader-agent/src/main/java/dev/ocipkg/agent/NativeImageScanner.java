package dev.ocipkg.agent;

import java.util.ArrayList;
import java.util.List;
import org.objectweb.asm.AnnotationVisitor;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.ClassVisitor;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;

/**
 * Reads {@code @NativeImage} annotations (single or repeated) and whether the class declares {@code
 * native} methods, from class bytes, without loading anything.
 */
final class NativeImageScanner extends ClassVisitor {
  static final String ANNOTATION = "Ldev/ocipkg/NativeImage;";
  static final String CONTAINER = "Ldev/ocipkg/NativeImage$List;";
  private static final byte[] MARKER =
      "dev/ocipkg/NativeImage".getBytes(java.nio.charset.StandardCharsets.US_ASCII);

  private final List<ImageSpec> images = new ArrayList<>();
  private boolean hasNativeMethods;
  private boolean isInterface;

  private NativeImageScanner() {
    super(Opcodes.ASM9);
  }

  /** What a class file says, or null when it has no {@code @NativeImage} at all (the fast path). */
  static Scan scan(byte[] classFile) {
    if (!contains(classFile, MARKER)) {
      return null;
    }
    NativeImageScanner scanner = new NativeImageScanner();
    new ClassReader(classFile)
        .accept(scanner, ClassReader.SKIP_CODE | ClassReader.SKIP_DEBUG | ClassReader.SKIP_FRAMES);
    return scanner.images.isEmpty()
        ? null
        : new Scan(List.copyOf(scanner.images), scanner.hasNativeMethods, scanner.isInterface);
  }

  /** The annotations of a class and whether the agent has something to bind. */
  record Scan(List<ImageSpec> images, boolean hasNativeMethods, boolean isInterface) {
    boolean needsBinding() {
      return hasNativeMethods && !isInterface;
    }
  }

  @Override
  public void visit(
      int version,
      int access,
      String name,
      String signature,
      String superName,
      String[] interfaces) {
    isInterface = (access & Opcodes.ACC_INTERFACE) != 0;
  }

  @Override
  public AnnotationVisitor visitAnnotation(String descriptor, boolean visible) {
    if (ANNOTATION.equals(descriptor)) {
      return new ImageVisitor();
    }
    if (CONTAINER.equals(descriptor)) {
      return new AnnotationVisitor(Opcodes.ASM9) {
        @Override
        public AnnotationVisitor visitArray(String name) {
          return new AnnotationVisitor(Opcodes.ASM9) {
            @Override
            public AnnotationVisitor visitAnnotation(String n, String d) {
              return new ImageVisitor();
            }
          };
        }
      };
    }
    return null;
  }

  @Override
  public MethodVisitor visitMethod(
      int access, String name, String descriptor, String signature, String[] exceptions) {
    if ((access & Opcodes.ACC_NATIVE) != 0) {
      hasNativeMethods = true;
    }
    return null;
  }

  /** Collects the elements of one {@code @NativeImage}. */
  private final class ImageVisitor extends AnnotationVisitor {
    private String value = "";
    private String library = "";
    private String digest = "";
    private boolean optional;

    ImageVisitor() {
      super(Opcodes.ASM9);
    }

    @Override
    public void visit(String name, Object v) {
      switch (name) {
        case "value":
          value = (String) v;
          break;
        case "library":
          library = (String) v;
          break;
        case "digest":
          digest = (String) v;
          break;
        case "optional":
          optional = (Boolean) v;
          break;
        default:
          break;
      }
    }

    @Override
    public void visitEnd() {
      images.add(new ImageSpec(value, library, digest, optional));
    }
  }

  private static boolean contains(byte[] haystack, byte[] needle) {
    outer:
    for (int i = 0; i <= haystack.length - needle.length; i++) {
      for (int j = 0; j < needle.length; j++) {
        if (haystack[i + j] != needle[j]) {
          continue outer;
        }
      }
      return true;
    }
    return false;
  }
}
