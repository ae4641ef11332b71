package dev.ocipkg.cli;

import dev.ocipkg.Digest;
import dev.ocipkg.internal.io.TransferListener;
import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Renders transfers: on a terminal, a status line redrawn in place with a bar (the one blob in
 * flight, or the sum of several that a pull downloads at once), and a line per blob when it is
 * done; elsewhere (a pipe, a CI log) only the line per blob. Thread-safe: the downloads of a pull
 * report from several threads.
 */
final class ProgressPrinter implements TransferListener {
  private static final int BAR = 24;
  private static final long REDRAW_EVERY_BYTES = 256 * 1024;

  private final PrintWriter err;
  private final boolean bars;
  private final boolean verbose;

  /** Blobs in flight, in the order they started. */
  private final Map<Digest, Transfer> active = new LinkedHashMap<>();

  private long drawnAt = -1;

  private static final class Transfer {
    final String action;
    final long size;
    long done;

    Transfer(String action, long size) {
      this.action = action;
      this.size = size;
    }
  }

  ProgressPrinter(PrintWriter err, boolean bars, boolean verbose) {
    this.err = err;
    this.bars = bars;
    this.verbose = verbose;
  }

  @Override
  public synchronized void started(TransferListener.Action action, Digest digest, long size) {
    active.put(digest, new Transfer(action.toString(), size));
    if (bars) {
      draw();
    }
  }

  @Override
  public synchronized void progressed(Digest digest, long done) {
    Transfer t = active.get(digest);
    if (t == null) {
      return;
    }
    t.done = done;
    if (bars && (Math.abs(totalDone() - drawnAt) >= REDRAW_EVERY_BYTES || done == t.size)) {
      draw();
    }
  }

  @Override
  public synchronized void finished(Digest digest, long size, TransferListener.Outcome outcome) {
    active.remove(digest);
    printLine(String.format("%-8s %s %10s", outcome, Sizes.shortDigest(digest), Sizes.of(size)));
  }

  @Override
  public synchronized void manifestWritten(Digest digest, String name) {
    if (verbose) {
      printLine("manifest " + Sizes.shortDigest(digest) + " as " + name);
    }
  }

  /** A line above the status line, which is drawn again below it while blobs are in flight. */
  private void printLine(String line) {
    if (bars) {
      err.print("\r\033[K");
    }
    err.println(line);
    if (bars && !active.isEmpty()) {
      draw();
    }
    err.flush();
  }

  private void draw() {
    long done = totalDone();
    long size = 0;
    for (Transfer t : active.values()) {
      size += t.size;
    }
    drawnAt = done;
    Map.Entry<Digest, Transfer> first = active.entrySet().iterator().next();
    String what = active.size() == 1 ? Sizes.shortDigest(first.getKey()) : active.size() + " blobs";
    int filled = size <= 0 ? BAR : (int) (BAR * Math.min(done, size) / size);
    err.print(
        "\r\033[K"
            + first.getValue().action
            + " "
            + what
            + " ["
            + "#".repeat(filled)
            + " ".repeat(BAR - filled)
            + "] "
            + Sizes.of(done)
            + " / "
            + Sizes.of(size));
    err.flush();
  }

  private long totalDone() {
    long done = 0;
    for (Transfer t : active.values()) {
      done += t.done;
    }
    return done;
  }
}
