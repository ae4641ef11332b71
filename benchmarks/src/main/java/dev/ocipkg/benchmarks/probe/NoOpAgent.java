package dev.ocipkg.benchmarks.probe;

import java.lang.instrument.ClassFileTransformer;
import java.lang.instrument.Instrumentation;

/**
 * A {@code -javaagent} that does nothing: what any agent costs the JVM (the {@code java.instrument}
 * module, the agent jar, the premain call), measured beside ocipkg's agent to tell the two apart.
 * With the argument {@code transformer} it also registers a class file transformer that changes
 * nothing, which shows what the JVM's class-file-load hook costs by itself.
 */
public final class NoOpAgent {
  private NoOpAgent() {}

  public static void premain(String arguments, Instrumentation instrumentation) {
    if ("transformer".equals(arguments)) {
      instrumentation.addTransformer(new UnchangedClasses());
    }
  }

  /** Returns null for every class: "no change". */
  private static final class UnchangedClasses implements ClassFileTransformer {}
}
