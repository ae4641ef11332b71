package dev.ocipkg.cli;

/** A command could not do what it was asked (exit code 1), with the hint that says what to try. */
final class CommandFailedException extends Exception {
  private static final long serialVersionUID = 1L;

  private final String hint;

  CommandFailedException(String message, String hint) {
    super(message);
    this.hint = hint;
  }

  String hint() {
    return hint;
  }
}
