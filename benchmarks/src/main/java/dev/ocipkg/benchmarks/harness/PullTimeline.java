package dev.ocipkg.benchmarks.harness;

/**
 * The phases of cold pulls run with {@code PullProbe}'s {@code timeline} argument: from the launch
 * of the process to {@code main}, on to the first byte of a layer, to the last, to {@code open}
 * returning, and to the process's end. Tells which side of the transfer a whole-process time is
 * lost on, where the link, not the CPU, is the limit.
 */
final class PullTimeline {
  private final Samples jvmStart = new Samples();
  private final Samples beforeFirstByte = new Samples();
  private final Samples transfer = new Samples();
  private final Samples afterLastByte = new Samples();
  private final Samples exit = new Samples();

  /**
   * @param launchedMillis the epoch time just before the process was started
   */
  void add(long launchedMillis, ProcessResult run) {
    long main = run.longValue("main-ms");
    long first = run.longValue("first-layer-byte-ms");
    long last = run.longValue("last-layer-byte-ms");
    long opened = run.longValue("opened-ms");
    jvmStart.add((main - launchedMillis) / 1e3);
    beforeFirstByte.add((first - main) / 1e3);
    transfer.add((last - first) / 1e3);
    afterLastByte.add((opened - last) / 1e3);
    exit.add((launchedMillis + run.wallMillis() - opened) / 1e3);
  }

  /** Markdown: one row per phase, in seconds. */
  String table() {
    return DetailTable.HEADER
        + DetailTable.row("launch to `main` (JVM start) (s)", jvmStart, 3)
        + DetailTable.row("`main` to the first layer byte (s)", beforeFirstByte, 3)
        + DetailTable.row("first to last layer byte (s)", transfer, 3)
        + DetailTable.row("last layer byte to `open` returning (s)", afterLastByte, 3)
        + DetailTable.row("`open` returning to the process's end (s)", exit, 3);
  }
}
