package dev.ocipkg.agent;

import dev.ocipkg.internal.link.JniLinker;
import java.lang.instrument.Instrumentation;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import org.objectweb.asm.ClassWriter;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;

/**
 * Calls {@code System.load} as a class of another class loader would: {@code System.load} binds a
 * library to the loader of its caller, so the agent defines a tiny class ({@code load(String)}
 * calls {@code System.load}) in the target class's package and loader, and calls that.
 */
final class LoaderBridge {
  private static final AtomicLong COUNTER = new AtomicLong();

  private final Instrumentation instrumentation;

  LoaderBridge(Instrumentation instrumentation) {
    this.instrumentation = instrumentation;
  }

  /** {@code System.load} as called from {@code target}'s class loader. */
  JniLinker.SystemLoad systemLoadFor(Class<?> target) throws ReflectiveOperationException {
    openToAgent(target);
    MethodHandles.Lookup inPackage = MethodHandles.privateLookupIn(target, MethodHandles.lookup());
    Class<?> helper = inPackage.defineClass(helperClass(target));
    MethodHandle load =
        MethodHandles.publicLookup()
            .findStatic(helper, "load", MethodType.methodType(void.class, String.class));
    return new JniLinker.SystemLoad() {
      @Override
      public void load(String path) throws Throwable {
        load.invokeExact(path); // a statement: the handle's type is (String)void
      }
    };
  }

  /** A named module must open the package to the agent before a class can be defined in it. */
  private void openToAgent(Class<?> target) {
    Module module = target.getModule();
    Module agent = LoaderBridge.class.getModule();
    String pkg = target.getPackageName();
    if (module.isNamed() && !module.isOpen(pkg, agent)) {
      instrumentation.redefineModule(
          module, Set.of(), Map.of(), Map.of(pkg, Set.of(agent)), Set.of(), Map.of());
    }
  }

  /** {@code public final class <pkg>.OcipkgSystemLoad$N { public static void load(String p) } }. */
  private static byte[] helperClass(Class<?> target) {
    String pkg = target.getPackageName().replace('.', '/');
    String name =
        (pkg.isEmpty() ? "" : pkg + "/") + "OcipkgSystemLoad$" + COUNTER.incrementAndGet();
    ClassWriter cw = new ClassWriter(ClassWriter.COMPUTE_MAXS);
    cw.visit(
        Opcodes.V11,
        Opcodes.ACC_PUBLIC | Opcodes.ACC_FINAL | Opcodes.ACC_SUPER | Opcodes.ACC_SYNTHETIC,
        name,
        null,
        "java/lang/Object",
        null);
    MethodVisitor mv =
        cw.visitMethod(
            Opcodes.ACC_PUBLIC | Opcodes.ACC_STATIC, "load", "(Ljava/lang/String;)V", null, null);
    mv.visitCode();
    mv.visitVarInsn(Opcodes.ALOAD, 0);
    mv.visitMethodInsn(
        Opcodes.INVOKESTATIC, "java/lang/System", "load", "(Ljava/lang/String;)V", false);
    mv.visitInsn(Opcodes.RETURN);
    mv.visitMaxs(0, 0);
    mv.visitEnd();
    cw.visitEnd();
    return cw.toByteArray();
  }
}
