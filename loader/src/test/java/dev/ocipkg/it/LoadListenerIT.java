package dev.ocipkg.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ocipkg.LoadListener;
import dev.ocipkg.NativeLoadException;
import dev.ocipkg.NativeLoader;
import dev.ocipkg.NativePackage;
import dev.ocipkg.testing.RegistryServer;
import dev.ocipkg.testing.WrittenLayout;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;
import jdk.jfr.Recording;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordingFile;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link LoadListener}: typed events for a cold load (resolved from the registry, bytes moved,
 * extracted), a warm one (resolved from the cache, nothing else), links and failures; a listener
 * that throws changes no load; and the cold path's JFR events in a flight recording.
 */
@Tag("java17")
class LoadListenerIT {
  private static RegistryServer registry;

  @BeforeAll
  static void start() throws java.io.IOException {
    registry = RegistryServer.builder().start();
  }

  @AfterAll
  static void stop() {
    registry.close();
  }

  /** Every event, as one line each. */
  private static final class Recorder implements LoadListener {
    final List<Object> events = new CopyOnWriteArrayList<>();

    @Override
    public void resolved(Resolved event) {
      events.add(event);
    }

    @Override
    public void bytesMoved(BytesMoved event) {
      events.add(event);
    }

    @Override
    public void verified(Verified event) {
      events.add(event);
    }

    @Override
    public void extracted(Extracted event) {
      events.add(event);
    }

    @Override
    public void linked(Linked event) {
      events.add(event);
    }

    @Override
    public void failed(Failed event) {
      events.add(event);
    }

    <T> List<T> of(Class<T> type) {
      return events.stream().filter(type::isInstance).map(type::cast).collect(Collectors.toList());
    }
  }

  @Test
  void aColdThenAWarmLoadReportWhatEachDid(@TempDir Path work) throws Exception {
    WrittenLayout layout = DemoArtifact.push(registry, "acme/listened", work);
    String reference = registry.reference("acme/listened:" + DemoArtifact.TAG);
    String manifest = layout.manifest("linux/amd64").digest();

    Recorder cold = new Recorder();
    NativePackage pkg =
        NativeLoader.builder()
            .cacheDir(work.resolve("cache"))
            .listener(cold)
            .build()
            .open(reference);
    assertThat(cold.of(LoadListener.Resolved.class))
        .singleElement()
        .satisfies(
            r -> {
              assertThat(r.source()).isEqualTo(LoadListener.Source.REGISTRY);
              assertThat(r.manifest()).hasToString(manifest);
              assertThat(r.directory()).isEqualTo(pkg.directory());
              assertThat(r.reference()).hasToString(reference);
            });
    assertThat(cold.of(LoadListener.BytesMoved.class)).isNotEmpty();
    LoadListener.BytesMoved last =
        cold.of(LoadListener.BytesMoved.class)
            .get(cold.of(LoadListener.BytesMoved.class).size() - 1);
    assertThat(last.size()).isPositive();
    assertThat(cold.of(LoadListener.Extracted.class))
        .singleElement()
        .satisfies(e -> assertThat(e.directory()).isEqualTo(pkg.directory()));

    Recorder warm = new Recorder();
    NativePackage again =
        NativeLoader.builder()
            .cacheDir(work.resolve("cache"))
            .listener(warm)
            .build()
            .open(reference);
    again.jna(Demo.class, "ocipkg_demo").demo_add(1, 2);
    assertThat(warm.events).hasSize(2);
    assertThat(warm.of(LoadListener.Resolved.class))
        .singleElement()
        .satisfies(r -> assertThat(r.source()).isEqualTo(LoadListener.Source.CACHE));
    assertThat(warm.of(LoadListener.Linked.class))
        .singleElement()
        .satisfies(
            l -> {
              assertThat(l.linkage()).isEqualTo(LoadListener.Linkage.JNA);
              assertThat(l.library().getFileName()).hasToString("libocipkg_demo.so");
            });
  }

  @Test
  void aFailureIsReportedWithWhatTheCallerReceives(@TempDir Path work) {
    Recorder recorder = new Recorder();
    NativeLoader loader =
        NativeLoader.builder().cacheDir(work.resolve("cache")).listener(recorder).build();
    String missing = registry.reference("acme/nothing-here:1.0");

    Throwable thrown = org.assertj.core.api.Assertions.catchThrowable(() -> loader.open(missing));

    assertThat(thrown).isInstanceOf(NativeLoadException.class);
    assertThat(recorder.of(LoadListener.Failed.class))
        .singleElement()
        .satisfies(f -> assertThat(f.exception()).isSameAs(thrown));
  }

  @Test
  void aListenerThatThrowsChangesNoLoad(@TempDir Path work) throws Exception {
    DemoArtifact.push(registry, "acme/thrower", work);
    LoadListener thrower =
        new LoadListener() {
          @Override
          public void resolved(Resolved event) {
            throw new IllegalStateException("a listener's bug");
          }

          @Override
          public void bytesMoved(BytesMoved event) {
            throw new IllegalStateException("a listener's bug");
          }
        };
    NativePackage pkg =
        NativeLoader.builder()
            .cacheDir(work.resolve("cache"))
            .listener(thrower)
            .build()
            .open(registry.reference("acme/thrower:" + DemoArtifact.TAG));
    assertThat(pkg.jna(Demo.class, "ocipkg_demo").demo_add(2, 3)).isEqualTo(5);
  }

  @Test
  void aColdLoadAndItsDownloadsAreJfrEvents(@TempDir Path work) throws Exception {
    WrittenLayout layout = DemoArtifact.push(registry, "acme/recorded", work);
    String reference = registry.reference("acme/recorded:" + DemoArtifact.TAG);
    Path dump = work.resolve("recording.jfr");
    try (Recording recording = new Recording()) {
      recording.enable("dev.ocipkg.ColdLoad");
      recording.enable("dev.ocipkg.Download");
      recording.start();
      NativeLoader.builder().cacheDir(work.resolve("cache")).build().open(reference);
      recording.stop();
      recording.dump(dump);
    }
    List<RecordedEvent> events = RecordingFile.readAllEvents(dump);
    assertThat(events)
        .filteredOn(e -> e.getEventType().getName().equals("dev.ocipkg.ColdLoad"))
        .singleElement()
        .satisfies(
            e -> {
              assertThat(e.getString("reference")).isEqualTo(reference);
              assertThat(e.getString("manifest"))
                  .isEqualTo(layout.manifest("linux/amd64").digest());
              assertThat(e.getString("outcome")).isEqualTo("loaded");
            });
    assertThat(events)
        .filteredOn(e -> e.getEventType().getName().equals("dev.ocipkg.Download"))
        .isNotEmpty()
        .allSatisfy(e -> assertThat(e.getLong("size")).isPositive());
  }
}
