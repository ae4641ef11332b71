package dev.ocipkg.cli;

import java.io.Console;

/** Whether standard output is a terminal a person watches (progress bars) or a pipe or file. */
final class Terminal {
  private Terminal() {}

  static boolean isInteractive() {
    Console console = System.console();
    if (console == null || "dumb".equals(System.getenv("TERM"))) {
      return false;
    }
    try {
      // Java 22+ returns a console for redirected streams too; isTerminal() tells them apart.
      return (Boolean) Console.class.getMethod("isTerminal").invoke(console);
    } catch (ReflectiveOperationException e) {
      return true; // before 22, a console exists only for a terminal
    }
  }
}
