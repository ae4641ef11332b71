package dev.ocipkg.benchmarks.harness;

import java.io.IOException;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordedStackTrace;
import jdk.jfr.consumer.RecordedThread;
import jdk.jfr.consumer.RecordingFile;

/**
 * Where the pulling threads of a JFR recording spent their time: the execution samples (thread in
 * Java) and native-method samples (thread in native code, such as zlib's inflate, a write or a
 * socket read) of those threads, sorted by the work they were doing.
 */
final class JfrHotspots {
  /** The kinds of work a pull does. */
  enum Work {
    INFLATE("decompression (zlib `Inflater`, zstd)"),
    WRITE_BLOB("writing the blob copy (tee in `VerifyingInputStream`)"),
    WRITE_PACKAGE("writing package files (`PackageWriter`)"),
    SHA256("SHA-256"),
    SOCKET_READ("socket reads"),
    TLS_PROBE("TLS handshake of `SchemeProbe` (loopback http registry)"),
    CLASS_LOADING("class loading, linking, initialisation"),
    TAR("tar parsing and entry checks"),
    OTHER("other");

    final String label;

    Work(String label) {
      this.label = label;
    }
  }

  private final Map<Work, Integer> byWork = new EnumMap<>(Work.class);
  private final Map<String, Integer> byLeaf = new HashMap<>();

  /** Samples per thread, numbered threads of one kind together ({@code ocipkg-read}). */
  private final Map<String, Integer> byThreadGroup = new HashMap<>();

  private int total;

  private JfrHotspots() {
    for (Work work : Work.values()) {
      byWork.put(work, 0);
    }
  }

  /**
   * Reads the samples of the pulling threads in {@code recording}: {@code main} and ocipkg's own
   * ({@code ocipkg-read-N} read and decompress layers, {@code ocipkg-layer-N} extract later ones).
   */
  static JfrHotspots readPullingThreads(Path recording) throws IOException {
    JfrHotspots hotspots = new JfrHotspots();
    for (RecordedEvent event : RecordingFile.readAllEvents(recording)) {
      String type = event.getEventType().getName();
      if (!type.equals("jdk.ExecutionSample") && !type.equals("jdk.NativeMethodSample")) {
        continue;
      }
      RecordedThread thread = event.getThread("sampledThread");
      RecordedStackTrace stack = event.getStackTrace();
      String name = thread == null ? null : thread.getJavaName();
      if (name == null || stack == null || !(name.equals("main") || name.startsWith("ocipkg-"))) {
        continue;
      }
      hotspots.byThreadGroup.merge(name.replaceAll("-\\d+$", ""), 1, Integer::sum);
      hotspots.add(stack.getFrames());
    }
    return hotspots;
  }

  private void add(List<RecordedFrame> frames) {
    if (frames.isEmpty()) {
      return;
    }
    total++;
    byLeaf.merge(name(frames.get(0)), 1, Integer::sum);
    byWork.merge(classify(frames), 1, Integer::sum);
  }

  /**
   * Class loading first (it inflates jar entries too); then the first frame, from the top, that
   * names an operation; a file write belongs to the nearest ocipkg frame below it.
   */
  static Work classify(List<RecordedFrame> frames) {
    for (RecordedFrame frame : frames) {
      String name = name(frame);
      if (name.startsWith("java.lang.ClassLoader.")
          || name.startsWith("jdk.internal.loader.")
          || name.contains(".<clinit>")) {
        return Work.CLASS_LOADING;
      }
    }
    for (int i = 0; i < frames.size(); i++) {
      String name = name(frames.get(i));
      if (name.startsWith("java.util.zip.Inflater") || name.startsWith("com.github.luben.zstd")) {
        return Work.INFLATE;
      }
      if (name.startsWith("sun.security.provider.SHA2")
          || name.startsWith("sun.security.provider.DigestBase")) {
        return Work.SHA256;
      }
      if (name.startsWith("sun.security.") || name.startsWith("javax.net.ssl.")) {
        return Work.TLS_PROBE;
      }
      if (name.startsWith("sun.nio.ch.SocketDispatcher")
          || name.startsWith("sun.nio.ch.Net.poll")
          || name.startsWith("sun.nio.ch.NioSocketImpl")) {
        return Work.SOCKET_READ;
      }
      if (name.startsWith("sun.nio.ch.UnixFileDispatcherImpl.write")
          || name.startsWith("sun.nio.ch.FileChannelImpl.write")
          || name.startsWith("java.io.FileOutputStream.write")) {
        return writer(frames.subList(i, frames.size()));
      }
      if (name.startsWith("dev.ocipkg.internal.layer.")) {
        return Work.TAR;
      }
    }
    return Work.OTHER;
  }

  private static Work writer(List<RecordedFrame> below) {
    for (RecordedFrame frame : below) {
      String name = name(frame);
      if (name.startsWith("dev.ocipkg.internal.source.VerifyingInputStream")) {
        return Work.WRITE_BLOB;
      }
      if (name.startsWith("dev.ocipkg.internal.layer.PackageWriter")) {
        return Work.WRITE_PACKAGE;
      }
    }
    return Work.OTHER;
  }

  private static String name(RecordedFrame frame) {
    return frame.getMethod().getType().getName() + "." + frame.getMethod().getName();
  }

  /** The work with the most samples. */
  Work top() {
    return byWork.entrySet().stream().max(Map.Entry.comparingByValue()).orElseThrow().getKey();
  }

  double share(Work work) {
    return total == 0 ? 0 : byWork.get(work) / (double) total;
  }

  /** A Markdown table of the kinds of work, then the top leaf methods. */
  String markdown(int leaves) {
    StringBuilder md = new StringBuilder("| work | share of samples |\n|---|---|\n");
    byWork.entrySet().stream()
        .filter(e -> e.getValue() > 0)
        .sorted(Map.Entry.<Work, Integer>comparingByValue().reversed())
        .forEach(
            e ->
                md.append("| ")
                    .append(e.getKey().label)
                    .append(" | ")
                    .append(percent(e.getValue()))
                    .append(" |\n"));
    md.append("\nTop leaf methods: ");
    md.append(
        String.join(
            ", ",
            byLeaf.entrySet().stream()
                .sorted(Map.Entry.<String, Integer>comparingByValue().reversed())
                .limit(leaves)
                .map(e -> "`" + e.getKey() + "` " + percent(e.getValue()))
                .toList()));
    md.append(" (").append(total).append(" samples: ");
    md.append(
        String.join(
            ", ",
            byThreadGroup.entrySet().stream()
                .sorted(Map.Entry.<String, Integer>comparingByValue().reversed())
                .map(e -> "`" + e.getKey() + "` " + percent(e.getValue()))
                .toList()));
    md.append(").\n");
    return md.toString();
  }

  private String percent(int count) {
    return String.format(Locale.ROOT, "%.0f%%", 100.0 * count / Math.max(total, 1));
  }
}
