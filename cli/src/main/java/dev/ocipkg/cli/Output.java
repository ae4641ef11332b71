package dev.ocipkg.cli;

import dev.ocipkg.internal.io.TransferListener;
import java.io.PrintWriter;

/**
 * Where a command writes: results on standard output (always, so that scripts can read them),
 * messages and progress on standard error (not with {@code --quiet}).
 */
final class Output {
  private final PrintWriter out;
  private final PrintWriter err;
  private final boolean quiet;
  private final boolean verbose;
  private final boolean progressBars;

  Output(PrintWriter out, PrintWriter err, boolean quiet, boolean verbose, boolean progressBars) {
    this.out = out;
    this.err = err;
    this.quiet = quiet;
    this.verbose = verbose;
    this.progressBars = progressBars;
  }

  /** A result line: a digest, a listing row, a path. */
  void result(String line) {
    out.println(line);
    out.flush();
  }

  /** A message for the person watching; nothing with {@code --quiet}. */
  void info(String line) {
    if (!quiet) {
      err.println(line);
      err.flush();
    }
  }

  /** A detail printed with {@code --verbose} only. */
  void detail(String line) {
    if (verbose && !quiet) {
      err.println(line);
      err.flush();
    }
  }

  /** The listener that renders transfers: a bar on a terminal, a line per blob otherwise. */
  TransferListener progress() {
    if (quiet) {
      return TransferListener.NONE;
    }
    return new ProgressPrinter(err, progressBars, verbose);
  }
}
