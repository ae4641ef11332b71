package dev.ocipkg.agent;

import org.objectweb.asm.ClassReader;
import org.objectweb.asm.ClassVisitor;
import org.objectweb.asm.ClassWriter;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.Type;

/**
 * Puts one call at the start of a class's static initializer (adding one where there is none):
 *
 * <pre>{@code
 * MethodHandles.publicLookup()
 *     .findStatic(ClassLoader.getSystemClassLoader().loadClass("dev.ocipkg.agent.AgentBinder"),
 *         "bind", MethodType.methodType(void.class, Class.class))
 *     .invokeExact(ThisClass.class);
 * }</pre>
 *
 * <p>Only JDK types appear in the injected code, found through the system class loader, so it works
 * in a class whose own loader cannot see the agent (an isolated plugin or web-app loader). The
 * static initializer runs before any static native method can be called and before any instance
 * exists, so the library is loaded before the first native call; an error thrown by the binder
 * fails the class's initialization with that error as the cause.
 */
final class StaticInitializerHook {
  static final String BINDER = "dev.ocipkg.agent.AgentBinder";

  private StaticInitializerHook() {}

  static byte[] inject(byte[] classFile) {
    ClassReader reader = new ClassReader(classFile);
    ClassWriter writer = new ClassWriter(reader, ClassWriter.COMPUTE_MAXS);
    reader.accept(new Injector(writer), 0);
    return writer.toByteArray();
  }

  private static final class Injector extends ClassVisitor {
    private String owner = "";
    private boolean sawInitializer;

    Injector(ClassVisitor next) {
      super(Opcodes.ASM9, next);
    }

    @Override
    public void visit(
        int version,
        int access,
        String name,
        String signature,
        String superName,
        String[] interfaces) {
      owner = name;
      super.visit(version, access, name, signature, superName, interfaces);
    }

    @Override
    public MethodVisitor visitMethod(
        int access, String name, String descriptor, String signature, String[] exceptions) {
      MethodVisitor mv = super.visitMethod(access, name, descriptor, signature, exceptions);
      if (!name.equals("<clinit>")) {
        return mv;
      }
      sawInitializer = true;
      return new MethodVisitor(Opcodes.ASM9, mv) {
        @Override
        public void visitCode() {
          super.visitCode();
          emitBindCall(mv, owner);
        }
      };
    }

    @Override
    public void visitEnd() {
      if (!sawInitializer) {
        MethodVisitor mv = super.visitMethod(Opcodes.ACC_STATIC, "<clinit>", "()V", null, null);
        mv.visitCode();
        emitBindCall(mv, owner);
        mv.visitInsn(Opcodes.RETURN);
        mv.visitMaxs(0, 0);
        mv.visitEnd();
      }
      super.visitEnd();
    }
  }

  private static void emitBindCall(MethodVisitor mv, String owner) {
    mv.visitMethodInsn(
        Opcodes.INVOKESTATIC,
        "java/lang/invoke/MethodHandles",
        "publicLookup",
        "()Ljava/lang/invoke/MethodHandles$Lookup;",
        false);
    mv.visitMethodInsn(
        Opcodes.INVOKESTATIC,
        "java/lang/ClassLoader",
        "getSystemClassLoader",
        "()Ljava/lang/ClassLoader;",
        false);
    mv.visitLdcInsn(BINDER);
    mv.visitMethodInsn(
        Opcodes.INVOKEVIRTUAL,
        "java/lang/ClassLoader",
        "loadClass",
        "(Ljava/lang/String;)Ljava/lang/Class;",
        false);
    mv.visitLdcInsn("bind");
    mv.visitFieldInsn(Opcodes.GETSTATIC, "java/lang/Void", "TYPE", "Ljava/lang/Class;");
    mv.visitLdcInsn(Type.getType(Class.class));
    mv.visitMethodInsn(
        Opcodes.INVOKESTATIC,
        "java/lang/invoke/MethodType",
        "methodType",
        "(Ljava/lang/Class;Ljava/lang/Class;)Ljava/lang/invoke/MethodType;",
        false);
    mv.visitMethodInsn(
        Opcodes.INVOKEVIRTUAL,
        "java/lang/invoke/MethodHandles$Lookup",
        "findStatic",
        "(Ljava/lang/Class;Ljava/lang/String;Ljava/lang/invoke/MethodType;)Ljava/lang/invoke/MethodHandle;",
        false);
    mv.visitLdcInsn(Type.getObjectType(owner));
    mv.visitMethodInsn(
        Opcodes.INVOKEVIRTUAL,
        "java/lang/invoke/MethodHandle",
        "invokeExact",
        "(Ljava/lang/Class;)V",
        false);
  }
}
