package dev.ocipkg.cli;

import dev.ocipkg.NativeLoadException;
import dev.ocipkg.internal.registry.RegistryException;
import dev.ocipkg.internal.source.NotFoundException;
import dev.ocipkg.tools.layout.PackInputException;
import java.io.PrintWriter;
import java.net.ConnectException;
import java.net.UnknownHostException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.NoSuchFileException;
import javax.net.ssl.SSLException;
import picocli.CommandLine;

/**
 * Turns what went wrong into one line on standard error, {@code ocipkg: error: ...}, a hint line,
 * and the exit code: 2 for bad arguments, 1 for a failure while working. The stack trace is printed
 * with {@code --verbose} only.
 */
final class ErrorReport {
  static final int FAILURE = 1;
  static final int USAGE = 2;

  private ErrorReport() {}

  /** Picocli's handler for bad arguments, during parsing or thrown by a command. */
  static int usageError(CommandLine.ParameterException ex, String[] args) {
    CommandLine cl = ex.getCommandLine();
    PrintWriter err = cl.getErr();
    err.println("ocipkg: error: " + TerminalText.escape(firstLine(ex.getMessage())));
    err.println(
        "hint: run 'ocipkg "
            + (cl.getParent() == null ? "" : cl.getCommandName() + " ")
            + "--help' for usage");
    err.flush();
    return USAGE;
  }

  /** Picocli's handler for exceptions that a command threw. */
  static int failure(Exception ex, CommandLine cl, CommandLine.ParseResult parseResult) {
    PrintWriter err = cl.getErr();
    boolean usage = ex instanceof PackInputException || ex instanceof IllegalArgumentException;
    if (ex instanceof CommandFailedException) {
      // Its lines are part of the finding (a refusal lists each signature and why it failed).
      String prefix = "ocipkg: error: ";
      for (String line : String.valueOf(ex.getMessage()).split("\n", -1)) {
        err.println(prefix + TerminalText.escape(line));
        prefix = "";
      }
    } else {
      err.println("ocipkg: error: " + TerminalText.escape(describe(ex)));
    }
    String hint = hint(ex);
    if (hint != null) {
      err.println("hint: " + TerminalText.escape(commandLineSpelling(hint)));
    }
    Object root = cl.getCommandSpec().root().userObject();
    if (root instanceof OcipkgCommand && ((OcipkgCommand) root).verbose) {
      ex.printStackTrace(err);
    }
    err.flush();
    return usage ? USAGE : FAILURE;
  }

  private static String describe(Exception ex) {
    if (ex instanceof NoSuchFileException) {
      NoSuchFileException e = (NoSuchFileException) ex;
      return e.getFile() + ": " + (e.getReason() != null ? e.getReason() : "no such file");
    }
    if (ex instanceof FileAlreadyExistsException) {
      FileAlreadyExistsException e = (FileAlreadyExistsException) ex;
      return e.getFile() + ": " + (e.getReason() != null ? e.getReason() : "already exists");
    }
    if (ex instanceof UnknownHostException) {
      return "unknown host " + ex.getMessage();
    }
    String message = ex.getMessage();
    return message == null ? ex.getClass().getSimpleName() : firstLine(message);
  }

  /**
   * The loader's hints name its system properties ({@code -Docipkg.platform=os/arch}); on the
   * command line the same choices are the options {@code --platform}, {@code --ca-file} and {@code
   * --insecure}.
   */
  private static String commandLineSpelling(String hint) {
    return hint.replace("-Docipkg.platform=", "--platform ")
        .replace("-Docipkg.ca.file=", "--ca-file ")
        .replace("-Docipkg.insecure=", "--insecure ")
        .replace("hosts named in ocipkg.insecure", "hosts named with --insecure HOST");
  }

  private static String hint(Throwable ex) {
    if (ex instanceof CommandFailedException) {
      return ((CommandFailedException) ex).hint();
    }
    if (ex instanceof java.nio.file.DirectoryNotEmptyException
        || ex instanceof FileAlreadyExistsException) {
      return "give a new or empty folder (or a new file name), or remove what is there first";
    }
    if (ex instanceof NativeLoadException) {
      NativeLoadException e = (NativeLoadException) ex;
      if (e.httpStatus() == 401 && e.registry() != null) {
        return "log in with 'ocipkg login " + e.registry() + "' (credentials: DOCKER_CONFIG)";
      }
      if (e.hint() != null) {
        return e.hint();
      }
    }
    if (ex instanceof LoginRefusedException) {
      return ((LoginRefusedException) ex).hint();
    }
    if (ex instanceof RegistryException) {
      RegistryException e = (RegistryException) ex;
      switch (e.status()) {
        case 401:
          return "log in with 'ocipkg login " + e.registry() + "' (credentials: DOCKER_CONFIG)";
        case 403:
          return "the credentials for " + e.registry() + " lack access to this repository";
        case 404:
          return "check the repository and tag; 'ocipkg inspect' shows what a reference holds";
        default:
          return "the registry " + e.registry() + " answered HTTP " + e.status();
      }
    }
    if (ex instanceof NotFoundException) {
      return "check the name and tag; 'ocipkg inspect' shows what a source holds";
    }
    if (ex instanceof UnknownHostException || ex instanceof ConnectException) {
      return "check the registry host and port, and the network";
    }
    if (ex instanceof SSLException) {
      return "a private CA needs --ca-file PEM; a plain-http registry needs --insecure HOST";
    }
    if (ex instanceof PackInputException || ex instanceof IllegalArgumentException) {
      return "run 'ocipkg help' or the command with --help for usage";
    }
    if (ex.getCause() != null && ex.getCause() != ex) {
      return hint(ex.getCause());
    }
    return "run again with --verbose for the details";
  }

  private static String firstLine(String message) {
    int newline = message.indexOf('\n');
    return newline < 0 ? message : message.substring(0, newline);
  }
}
