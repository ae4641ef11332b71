package dev.ocipkg.cli;

import dev.ocipkg.Digest;
import dev.ocipkg.internal.publish.TransferListener;
import java.io.PrintWriter;

/**
 * Renders transfers: on a terminal, one line per blob redrawn in place with a bar; elsewhere (a
 * pipe, a CI log) one plain line when each blob is done.
 */
final class ProgressPrinter implements TransferListener {
  private static final int BAR = 24;
  private static final long REDRAW_EVERY_BYTES = 256 * 1024;

  private final PrintWriter err;
  private final boolean bars;
  private final boolean verbose;
  private String action = "";
  private long size;
  private long lastDrawn = -1;

  ProgressPrinter(PrintWriter err, boolean bars, boolean verbose) {
    this.err = err;
    this.bars = bars;
    this.verbose = verbose;
  }

  @Override
  public void started(String action, Digest digest, long size) {
    this.action = action;
    this.size = size;
    this.lastDrawn = -1;
    if (bars) {
      draw(digest, 0);
    }
  }

  @Override
  public void progressed(Digest digest, long done) {
    if (bars && (done - lastDrawn >= REDRAW_EVERY_BYTES || done == size)) {
      draw(digest, done);
    }
  }

  @Override
  public void finished(Digest digest, long size, String outcome) {
    if (bars) {
      err.print("\r\033[K");
    }
    err.println(String.format("%-8s %s %10s", outcome, Sizes.shortDigest(digest), Sizes.of(size)));
    err.flush();
  }

  @Override
  public void manifestWritten(Digest digest, String name) {
    if (verbose) {
      err.println("manifest " + Sizes.shortDigest(digest) + " as " + name);
      err.flush();
    }
  }

  private void draw(Digest digest, long done) {
    lastDrawn = done;
    int filled = size <= 0 ? BAR : (int) (BAR * Math.min(done, size) / size);
    err.print(
        "\r"
            + action
            + " "
            + Sizes.shortDigest(digest)
            + " ["
            + "#".repeat(filled)
            + " ".repeat(BAR - filled)
            + "] "
            + Sizes.of(done)
            + " / "
            + Sizes.of(size));
    err.flush();
  }
}
