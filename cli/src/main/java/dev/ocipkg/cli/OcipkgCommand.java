package dev.ocipkg.cli;

import dev.ocipkg.Platform;
import dev.ocipkg.tools.ToolSettings;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;

/**
 * The {@code ocipkg} command: a thin front end over the toolbox ({@code dev.ocipkg.tools}, module
 * {@code ocipkg-tools}) and the loader. Each subcommand reads its options and calls them.
 *
 * <p>Exit codes: 0 success; 1 a failure while working (registry, network, file system, content); 2
 * bad arguments or usage (unknown option, malformed platform or reference, missing folder, a
 * reference without the tag that the command needs). An error is one line on standard error plus a
 * hint; the stack trace only with {@code --verbose}.
 */
@Command(
    name = "ocipkg",
    mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class,
    description = "Native libraries through OCI registries: pack, publish, fetch, inspect, cache.",
    subcommands = {
      PackCommand.class,
      PushCommand.class,
      PullCommand.class,
      FetchCommand.class,
      LoadCommand.class,
      InspectCommand.class,
      ResolveCommand.class,
      CopyCommand.class,
      SignCommand.class,
      VerifyCommand.class,
      LsCommand.class,
      RmCommand.class,
      GcCommand.class,
      LoginCommand.class,
      LockCommand.class,
      LogoutCommand.class
    },
    footer = {
      "",
      "Exit codes: 0 success, 1 failure while working, 2 bad arguments or usage.",
      "Environment: OCIPKG_CACHE_DIR, OCIPKG_CACHE_READONLY, OCIPKG_INSECURE, OCIPKG_CA_FILE,",
      "OCIPKG_PLATFORM, OCIPKG_OFFLINE, OCIPKG_MIRRORS, OCIPKG_POLICY, OCIPKG_LOCK_FILE (all of",
      "the loader's settings: README, Configuration), DOCKER_CONFIG (credentials, also written",
      "by login)."
    })
public final class OcipkgCommand implements Callable<Integer> {
  /** Whether standard output is a terminal; only {@link #main} sets it, tests never do. */
  private static boolean interactive;

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Option(
      names = "--cache-dir",
      paramLabel = "DIR",
      scope = ScopeType.INHERIT,
      description = "The cache folder (default: OCIPKG_CACHE_DIR, else the user's cache folder).")
  @Nullable Path cacheDir;

  @Option(
      names = "--insecure",
      paramLabel = "HOST",
      scope = ScopeType.INHERIT,
      description = "Allow plain http for HOST[:PORT] (repeatable; loopback always may).")
  List<String> insecureHosts = new ArrayList<>();

  @Option(
      names = "--ca-file",
      paramLabel = "PEM",
      scope = ScopeType.INHERIT,
      description = "Also trust the CA certificates in this PEM file.")
  @Nullable Path caFile;

  @Option(
      names = "--platform",
      paramLabel = "OS/ARCH[/VARIANT]",
      converter = ArgumentConverters.PlatformConverter.class,
      description =
          "The platform to pull, load or resolve for (default: OCIPKG_PLATFORM, else this"
              + " machine's); the commands' own --platform wins.")
  @Nullable Platform platform;

  @Option(
      names = {"-v", "--verbose"},
      scope = ScopeType.INHERIT,
      description = "Print more, and the stack trace of an error.")
  boolean verbose;

  @Option(
      names = {"-q", "--quiet"},
      scope = ScopeType.INHERIT,
      description = "Print only results (a digest, a listing), no progress.")
  boolean quiet;

  /** Runs the command line and exits with its code. */
  public static void main(String[] args) {
    interactive = Terminal.isInteractive();
    System.exit(run(args));
  }

  /** Runs the command line on the process's standard streams and returns its exit code. */
  static int run(String... args) {
    return commandLine().execute(args);
  }

  /** The command line with this project's error handling; tests set its output streams. */
  static CommandLine commandLine() {
    CommandLine cl = new CommandLine(new OcipkgCommand());
    cl.setParameterExceptionHandler(ErrorReport::usageError);
    cl.setExecutionExceptionHandler(ErrorReport::failure);
    return cl;
  }

  /** What subcommands work with: settings from the global options, and the output. */
  Context context() {
    CommandLine cl = spec.commandLine();
    PrintWriter out = cl.getOut();
    PrintWriter err = cl.getErr();
    return new Context(
        new ToolSettings(cacheDir, insecureHosts, caFile),
        platform,
        new Output(out, err, quiet, verbose, interactive && !quiet));
  }

  /** No command given: the usage, on standard error since it answers a mistake, and exit 2. */
  @Override
  public Integer call() {
    spec.commandLine().usage(spec.commandLine().getErr());
    return ErrorReport.USAGE;
  }
}
