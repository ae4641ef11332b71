package dev.ocipkg.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ocipkg.ImageReference;
import dev.ocipkg.internal.PackageLookup;
import dev.ocipkg.internal.config.LoaderConfig;
import dev.ocipkg.internal.io.ManualTime;
import dev.ocipkg.testing.OciLayoutWriter;
import dev.ocipkg.testing.RegistryServer;
import dev.ocipkg.testing.Skopeo;
import dev.ocipkg.testing.WrittenLayout;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A tag's time to live runs on the configuration's time source, as token and credential expiry do:
 * a moved tag is seen only once the TTL has passed on that clock, with no test sleeping for it.
 */
class TagTtlOnConfiguredTimeIT {
  @Test
  void aMovedTagIsSeenOnlyAfterTheTtlHasPassedOnTheConfiguredClock(@TempDir Path work)
      throws Exception {
    try (RegistryServer registry = RegistryServer.builder().start()) {
      WrittenLayout first = push(registry, work.resolve("first"), "first");
      ManualTime time = new ManualTime();
      PackageLookup resolver =
          new PackageLookup(
              LoaderConfig.builder()
                  .cacheDir(work.resolve("cache"))
                  .tagTtl(Duration.ofHours(1))
                  .time(time)
                  .build(),
              null);
      ImageReference reference = ImageReference.parse(registry.reference("acme/ttl:1.0"));
      String firstPackage = resolver.open(reference).directory().toString();
      assertThat(firstPackage).contains(first.manifest("linux/amd64").digest().substring(7));

      WrittenLayout second = push(registry, work.resolve("second"), "second");
      registry.accessLog().clear();
      time.advance(Duration.ofMinutes(59));
      assertThat(resolver.open(reference).directory().toString()).isEqualTo(firstPackage);
      assertThat(registry.accessLog().entries()).as("within the TTL").isEmpty();

      time.advance(Duration.ofMinutes(2));
      assertThat(resolver.open(reference).directory().toString())
          .contains(second.manifest("linux/amd64").digest().substring(7));
    }
  }

  private static WrittenLayout push(RegistryServer registry, Path dir, String content)
      throws Exception {
    WrittenLayout layout =
        OciLayoutWriter.create()
            .tag("1.0")
            .platform(
                "linux/amd64",
                Map.of(
                    "libttl.so",
                    ("a stand-in library: " + content).getBytes(StandardCharsets.UTF_8)))
            .write(dir);
    Skopeo.locate().copyAll(layout.directory(), "1.0", registry, "acme/ttl:1.0");
    return layout;
  }
}
