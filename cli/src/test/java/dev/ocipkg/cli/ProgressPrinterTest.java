package dev.ocipkg.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ocipkg.Digest;
import dev.ocipkg.internal.io.TransferListener;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ProgressPrinterTest {
  private static final Digest A = Digest.parse("sha256:" + "a".repeat(64));
  private static final Digest B = Digest.parse("sha256:" + "b".repeat(64));
  private static final long MIB = 1 << 20;

  private final StringWriter text = new StringWriter();

  @Test
  void withoutATerminalOnlyFinishedBlobsArePrinted() {
    ProgressPrinter printer = new ProgressPrinter(new PrintWriter(text), false, false);
    printer.started(TransferListener.Action.PULL, A, 2 * MIB);
    printer.progressed(A, MIB);
    printer.progressed(A, 2 * MIB);
    printer.finished(A, 2 * MIB, TransferListener.Outcome.PULLED);

    assertThat(text.toString()).doesNotContain("\r").doesNotContain("[");
    assertThat(text.toString().lines()).singleElement().asString().startsWith("pulled ");
  }

  @Test
  void blobsInFlightTogetherShareOneStatusLineWithTheirSums() {
    ProgressPrinter printer = new ProgressPrinter(new PrintWriter(text), true, false);
    printer.started(TransferListener.Action.PULL, A, 4 * MIB);
    printer.started(TransferListener.Action.PULL, B, 4 * MIB);
    printer.progressed(A, 2 * MIB);
    printer.progressed(B, 2 * MIB);

    String status = lastStatus();
    assertThat(status).startsWith("pull 2 blobs [").endsWith("4.0 MiB / 8.0 MiB");
    assertThat(status).contains("[" + "#".repeat(12) + " ".repeat(12) + "]");

    printer.progressed(A, 4 * MIB);
    printer.finished(A, 4 * MIB, TransferListener.Outcome.PULLED);
    assertThat(lastStatus())
        .as("the one left, below the finished line")
        .startsWith("pull " + Sizes.shortDigest(B) + " [")
        .endsWith("2.0 MiB / 4.0 MiB");
    assertThat(text.toString())
        .contains("\r\033[Kpulled   " + Sizes.shortDigest(A) + "    4.0 MiB\n");
  }

  @Test
  void reportsFromSeveralThreadsLoseNoFinishedLine() throws Exception {
    ProgressPrinter printer = new ProgressPrinter(new PrintWriter(text), true, false);
    List<Thread> threads = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      Digest digest = Digest.parse("sha256:" + Integer.toString(i).repeat(64));
      Thread t =
          new Thread(
              () -> {
                printer.started(TransferListener.Action.PULL, digest, 1000 * 4096);
                for (int done = 1; done <= 1000; done++) {
                  printer.progressed(digest, done * 4096L);
                }
                printer.finished(digest, 1000 * 4096, TransferListener.Outcome.PULLED);
              });
      threads.add(t);
      t.start();
    }
    for (Thread t : threads) {
      t.join();
    }
    assertThat(text.toString().split("\n")).filteredOn(l -> l.contains("pulled ")).hasSize(4);
    assertThat(text.toString()).endsWith("\n");
  }

  /** The status line last drawn: what follows the last carriage return and line clearing. */
  private String lastStatus() {
    String all = text.toString();
    return all.substring(all.lastIndexOf("\r\033[K") + 4);
  }
}
