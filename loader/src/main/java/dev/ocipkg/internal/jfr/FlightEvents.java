package dev.ocipkg.internal.jfr;

import dev.ocipkg.Digest;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.jspecify.annotations.Nullable;

/**
 * The loader's JFR events, for JDK Mission Control: a cold load and each download. Only the cold
 * path calls this class, so a warm load loads no JFR class. Where the JVM has no {@code jdk.jfr}
 * module (a jlink image without it; the module path without {@code --add-modules jdk.jfr}) nothing
 * is recorded.
 *
 * <p>Nor is anything while JFR has not been started ({@code -XX:StartFlightRecording}, a {@code
 * Recording} made in code, JDK Mission Control attaching): then no recording could keep an event,
 * and the event classes are not even loaded. Loading one makes the JVM hand it to JFR for
 * instrumentation, which starts JFR's metadata, the class-file API and annotation proxies: some 300
 * classes, a tenth of a second or more of a fresh JVM's first load. A recording started in the
 * middle of a cold load misses that load's events.
 */
public final class FlightEvents {
  private static final boolean AVAILABLE = available();

  private final Map<Digest, DownloadEvent> downloads = new ConcurrentHashMap<>();

  private static boolean available() {
    try {
      Class.forName("jdk.jfr.Event", false, FlightEvents.class.getClassLoader());
      return FlightEvents.class.getModule().canRead(jdk.jfr.Event.class.getModule());
    } catch (ClassNotFoundException | LinkageError e) {
      return false;
    }
  }

  /** Whether events can be recorded now: the module is there and JFR has been started. */
  private static boolean recording() {
    return AVAILABLE && jdk.jfr.FlightRecorder.isInitialized();
  }

  /** A cold load begins; pass what this returns to {@link #coldLoadEnded}. */
  public static @Nullable Object coldLoadBegins() {
    if (!recording()) {
      return null;
    }
    ColdLoadEvent event = new ColdLoadEvent();
    event.begin();
    return event;
  }

  /** The cold load begun as {@code begun} ended, with the package of {@code manifest} or not. */
  public static void coldLoadEnded(
      @Nullable Object begun, String reference, @Nullable Digest manifest, String outcome) {
    if (begun instanceof ColdLoadEvent event) {
      event.end();
      if (event.shouldCommit()) {
        event.reference = reference;
        event.manifest = manifest == null ? null : manifest.toString();
        event.outcome = outcome;
        event.commit();
      }
    }
  }

  /** A download of {@code blob} begins. */
  public void downloadBegins(Digest blob, long size) {
    if (recording()) {
      DownloadEvent event = new DownloadEvent();
      event.blob = blob.toString();
      event.size = size;
      event.begin();
      downloads.put(blob, event);
    }
  }

  /** The download of {@code blob} ended so. */
  public void downloadEnded(Digest blob, String outcome) {
    DownloadEvent event = AVAILABLE ? downloads.remove(blob) : null;
    if (event != null) {
      event.end();
      if (event.shouldCommit()) {
        event.outcome = outcome;
        event.commit();
      }
    }
  }
}
