package dev.ocipkg.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/** What every subcommand shares: the root's options, {@code --help}, and usage errors. */
abstract class Subcommand implements Callable<Integer> {
  @ParentCommand OcipkgCommand root;

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Option(
      names = {"-h", "--help"},
      usageHelp = true,
      description = "Show this help and exit.")
  boolean help;

  @Override
  public final Integer call() throws Exception {
    run(root.context());
    return 0;
  }

  abstract void run(Context context) throws Exception;

  /** A usage error (exit code 2) about this command's arguments. */
  CommandLine.ParameterException usage(String message) {
    return new CommandLine.ParameterException(spec.commandLine(), message);
  }
}
