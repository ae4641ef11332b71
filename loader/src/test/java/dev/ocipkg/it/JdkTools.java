package dev.ocipkg.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.spi.ToolProvider;

/** The running JDK's own tools (javac, jlink) run in this JVM. */
final class JdkTools {
  private JdkTools() {}

  /** Runs tool {@code name} with {@code arguments}; fails unless it exits 0; returns its output. */
  static String run(String name, List<String> arguments) {
    ToolProvider tool =
        ToolProvider.findFirst(name)
            .orElseThrow(() -> new AssertionError("the running JDK has no " + name));
    ByteArrayOutputStream messages = new ByteArrayOutputStream();
    PrintStream out = new PrintStream(messages, true, StandardCharsets.UTF_8);
    int status = tool.run(out, out, arguments.toArray(String[]::new));
    String output = messages.toString(StandardCharsets.UTF_8);
    assertThat(status).as(name + " " + String.join(" ", arguments) + "\n" + output).isZero();
    return output;
  }
}
