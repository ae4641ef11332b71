package dev.ocipkg.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code ocipkg} command. Exit codes: 0 success, 1 a failure while working, 2 bad arguments
 * (picocli's usage error code).
 *
 * <p>The subcommands (pack, push, pull, inspect, ls, rm, gc, login, logout, copy, resolve) arrive
 * with the publishing issue; this is the entry point they hang from.
 */
@Command(
    name = "ocipkg",
    mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class,
    description = "Native libraries through OCI registries.")
public final class OcipkgCommand implements Runnable {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  /** Runs the command line and exits with its code. */
  public static void main(String[] args) {
    System.exit(run(args));
  }

  /** Runs the command line and returns its exit code; what tests call. */
  static int run(String... args) {
    return new CommandLine(new OcipkgCommand()).execute(args);
  }

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }
}
