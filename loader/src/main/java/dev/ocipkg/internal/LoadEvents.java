package dev.ocipkg.internal;

import dev.ocipkg.Digest;
import dev.ocipkg.ImageReference;
import dev.ocipkg.LoadListener;
import dev.ocipkg.NativeLoadException;
import dev.ocipkg.internal.io.TransferListener;
import dev.ocipkg.internal.jfr.FlightEvents;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.jspecify.annotations.Nullable;

/**
 * The loader's side of {@link LoadListener}: builds each event only where somebody listens, and
 * keeps a listener's exceptions out of the load (each listener method's first one is logged).
 */
final class LoadEvents {
  private final @Nullable LoadListener listener;
  private final boolean listening;
  private final Set<String> warned = ConcurrentHashMap.newKeySet();

  /**
   * @param listener who listens; null (or {@link LoadListener#NONE}) for nobody, and then no event
   *     class, nor the listener interface, is loaded
   */
  LoadEvents(@Nullable LoadListener listener) {
    this.listener = listener;
    this.listening = listener != null && listener != LoadListener.NONE;
  }

  /**
   * Whether somebody listens: callers check it before they name an event's enum constant ({@link
   * LoadListener.Source}, {@link LoadListener.Linkage}), which would load the enum class.
   */
  boolean listening() {
    return listening;
  }

  void resolved(
      ImageReference reference,
      Digest manifest,
      Path directory,
      LoadListener.Source source,
      long startNanos) {
    if (listening) {
      LoadListener.Resolved event =
          new LoadListener.Resolved(
              reference,
              manifest,
              directory,
              source,
              Duration.ofNanos(System.nanoTime() - startNanos));
      try {
        listener.resolved(event);
      } catch (RuntimeException e) {
        warn("resolved", e);
      }
    }
  }

  void verified(ImageReference reference, Digest digest, List<String> acceptedBy) {
    if (listening) {
      try {
        listener.verified(new LoadListener.Verified(reference, digest, acceptedBy));
      } catch (RuntimeException e) {
        warn("verified", e);
      }
    }
  }

  void extracted(ImageReference reference, Digest manifest, Path directory, long startNanos) {
    if (listening) {
      try {
        listener.extracted(
            new LoadListener.Extracted(
                reference, manifest, directory, Duration.ofNanos(System.nanoTime() - startNanos)));
      } catch (RuntimeException e) {
        warn("extracted", e);
      }
    }
  }

  void linked(ImageReference reference, Path library, LoadListener.Linkage linkage) {
    if (listening) {
      try {
        listener.linked(new LoadListener.Linked(reference, library, linkage));
      } catch (RuntimeException e) {
        warn("linked", e);
      }
    }
  }

  /** Reports {@code failure} and returns it, for {@code throw events.failed(...)}. */
  NativeLoadException failed(@Nullable ImageReference reference, NativeLoadException failure) {
    if (listening) {
      try {
        listener.failed(new LoadListener.Failed(reference, failure));
      } catch (RuntimeException e) {
        warn("failed", e);
      }
    }
    return failure;
  }

  /**
   * What the cold path reports its downloads to: {@code also} (a front end's progress display), the
   * listener's {@code bytesMoved}, and a JFR event per blob. Typed as its own class, not as {@link
   * TransferListener}: the verifier would load that interface with this class, on the warm path.
   */
  Downloads downloads(TransferListener also) {
    return new Downloads(also);
  }

  /** The cold path's download reports; see {@link #downloads}. */
  final class Downloads implements TransferListener {
    private final FlightEvents flight = new FlightEvents();
    private final Map<Digest, Long> sizes = new ConcurrentHashMap<>();
    private final TransferListener also;

    private Downloads(TransferListener also) {
      this.also = also;
    }

    @Override
    public void started(Action action, Digest digest, long size) {
      sizes.put(digest, size);
      flight.downloadBegins(digest, size);
      also.started(action, digest, size);
    }

    @Override
    public void progressed(Digest digest, long done) {
      if (listening) {
        try {
          listener.bytesMoved(
              new LoadListener.BytesMoved(digest, done, sizes.getOrDefault(digest, -1L)));
        } catch (RuntimeException e) {
          warn("bytesMoved", e);
        }
      }
      also.progressed(digest, done);
    }

    @Override
    public void finished(Digest digest, long size, Outcome outcome) {
      sizes.remove(digest);
      flight.downloadEnded(digest, outcome.toString());
      also.finished(digest, size, outcome);
    }

    @Override
    public void manifestWritten(Digest digest, String name) {
      also.manifestWritten(digest, name);
    }
  }

  private void warn(String method, RuntimeException e) {
    if (warned.add(method)) {
      // The logger only now: its set-up is not for the warm path.
      System.getLogger(LoadEvents.class.getName())
          .log(
              System.Logger.Level.WARNING,
              "the LoadListener "
                  + listener.getClass().getName()
                  + " threw from "
                  + method
                  + " (ignored; later ones are not logged)",
              e);
    }
  }
}
