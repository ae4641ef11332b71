package dev.ocipkg.cli;

import static dev.ocipkg.cli.DemoPackage.HOST;
import static dev.ocipkg.cli.DemoPackage.OTHER;
import static dev.ocipkg.cli.DemoPackage.TAG;
import static dev.ocipkg.cli.DemoPackage.assertLoads;
import static dev.ocipkg.cli.DemoPackage.ok;
import static org.assertj.core.api.Assertions.assertThat;

import dev.ocipkg.testing.RegistryServer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A cache prepared ahead of time serves a later application with the registry gone: {@code ocipkg
 * fetch} against a real registry, {@code ocipkg load --as} from an archive carried in by hand; the
 * registry stopped; then a separate JVM loads the references by tag and by digest through the
 * default loader, as an application does, also after its tag TTL has run out.
 */
class FetchIT {
  @TempDir Path work;

  private final String host = HOST;
  private final String other = OTHER;

  private String pack(Path layout, Path archive) throws IOException {
    return DemoPackage.pack(work, layout, archive);
  }

  @Test
  void fetchedCacheServesTagAndDigestWithTheRegistryStopped() throws Exception {
    Path cache = work.resolve("cache");
    try (RegistryServer registry = RegistryServer.builder().start()) {
      String digest = pack(work.resolve("layout"), work.resolve("libs.tar"));
      String byTag = registry.reference("acme/libfoo:" + TAG);
      ok("push", work.resolve("layout").toString(), byTag);

      Cli fetch = ok("--cache-dir", cache.toString(), "fetch", byTag);
      assertThat(fetch.result()).startsWith(host).contains(byTag);

      registry.stop();

      assertLoads(app(cache, List.of(), byTag), "cached");
      assertLoads(app(cache, List.of(), registry.reference("acme/libfoo@" + digest)), "cached");
      assertLoads(app(cache, List.of(), byTag + "@" + digest), "cached");
      // After the TTL the tag is asked for again; the registry refuses, the fetched digest serves.
      Thread.sleep(1100);
      String stale = app(cache, List.of("-Docipkg.tag.ttl=PT1S"), byTag);
      assertLoads(stale, "stale");
      assertThat(stale).contains("cannot reach " + registry.host());
      // Offline mode serves the fetched records at any age without asking the registry.
      String offline = app(cache, List.of("-Docipkg.tag.ttl=PT1S", "-Docipkg.offline=true"), byTag);
      assertLoads(offline, "offline");
      assertThat(offline).doesNotContain("cannot reach");
      // A reference never fetched is not in it: the cache is exactly what fetch was given.
      assertThat(app(cache, List.of(), registry.reference("acme/libfoo:other")))
          .contains("cannot reach " + registry.host())
          .doesNotContain("demo_add");
    }
  }

  @Test
  void allPlatformsRecordsEachPlatformKeyAndTheHostKey() throws Exception {
    Path cache = work.resolve("cache");
    try (RegistryServer registry = RegistryServer.builder().start()) {
      String digest = pack(work.resolve("layout"), work.resolve("libs.tar"));
      String byTag = registry.reference("acme/libfoo:" + TAG);
      ok("push", work.resolve("layout").toString(), byTag);

      Cli fetch = ok("--cache-dir", cache.toString(), "fetch", byTag, "--all-platforms");
      assertThat(fetch.out().lines()).hasSize(2);

      registry.stop();

      String byDigest = registry.reference("acme/libfoo@" + digest);
      // An application that sets no platform on this machine, and one that names it.
      assertLoads(app(cache, List.of(), byTag), "host key");
      assertLoads(app(cache, List.of("-Docipkg.platform=" + host), byDigest), "platform key");
      // The foreign platform's package is there for an application configured for it.
      assertThat(app(cache, List.of("-Docipkg.platform=" + other), byTag, "open"))
          .contains("opened " + other);
    }
  }

  @Test
  void foreignPlatformFetchServesAnApplicationThatSetsNone() throws Exception {
    // --platform of this machine's os/arch stands for a build host of another: the records must
    // serve an application that names no platform, which looks up the host key.
    Path cache = work.resolve("cache");
    try (RegistryServer registry = RegistryServer.builder().start()) {
      pack(work.resolve("layout"), work.resolve("libs.tar"));
      String byTag = registry.reference("acme/libfoo:" + TAG);
      ok("push", work.resolve("layout").toString(), byTag);
      ok("--cache-dir", cache.toString(), "fetch", "--platform", host, byTag);
      registry.stop();
      assertLoads(app(cache, List.of(), byTag), "no platform set");
    }
  }

  @Test
  void loadAsRecordsTheArchiveUnderTheApplicationsReference() throws Exception {
    Path cache = work.resolve("cache");
    Path archive = work.resolve("libs.tar");
    String digest = pack(work.resolve("layout"), archive);
    try (RegistryServer registry = RegistryServer.builder().start()) {
      // A registry that is never reachable from here: started for a real port, then stopped.
      registry.stop();
      String byTag = registry.reference("acme/libfoo:" + TAG);

      Cli load = ok("--cache-dir", cache.toString(), "load", archive.toString(), "--as", byTag);
      assertThat(load.result()).contains(byTag).contains(byTag + "@" + digest);

      assertLoads(app(cache, List.of(), byTag), "by tag");
      assertLoads(app(cache, List.of(), registry.reference("acme/libfoo@" + digest)), "by digest");
      Thread.sleep(1100);
      String stale = app(cache, List.of("-Docipkg.tag.ttl=PT1S"), byTag);
      assertLoads(stale, "stale");
      assertThat(stale).contains("cannot reach " + registry.host());

      // Every platform of the archive: each platform key, and the host key for this machine.
      Path all = work.resolve("cache-all");
      Cli loadAll =
          ok(
              "--cache-dir",
              all.toString(),
              "load",
              archive.toString(),
              "--as",
              byTag,
              "--all-platforms");
      assertThat(loadAll.out().lines()).hasSize(2);
      assertLoads(app(all, List.of(), byTag), "all platforms, host key");
      assertThat(app(all, List.of("-Docipkg.platform=" + other), byTag, "open"))
          .contains("opened " + other);
    }
  }

  @Test
  void badInputIsNamed() throws Exception {
    Path archive = work.resolve("libs.tar");
    pack(work.resolve("layout"), archive);
    Path cache = work.resolve("cache");
    Cli local =
        Cli.run(
            "--cache-dir",
            cache.toString(),
            "load",
            archive.toString(),
            "--as",
            "oci:" + work.resolve("layout"));
    assertThat(local.exitCode()).as(local.toString()).isEqualTo(2);
    assertThat(local.err()).contains("--as takes the registry reference");

    String wrong = "sha256:" + "0".repeat(64);
    Cli pinned =
        Cli.run(
            "--cache-dir",
            cache.toString(),
            "load",
            archive.toString(),
            "--as",
            "localhost:5000/acme/libfoo:1.2@" + wrong);
    assertThat(pinned.exitCode()).as(pinned.toString()).isEqualTo(2);
    assertThat(pinned.err()).contains("names " + wrong).contains("name the tag alone");

    for (String command : List.of("fetch", "pull", "load")) {
      String argument = command.equals("load") ? archive.toString() : "localhost:5000/a:1";
      Cli both = Cli.run(command, "--platform", host, "--all-platforms", argument);
      assertThat(both.exitCode()).as(command).isEqualTo(2);
      assertThat(both.err()).contains("--platform and --all-platforms exclude each other");
    }
  }

  /** Runs {@link FetchedApp} in its own JVM on this class path; its output and error. */
  private String app(Path cache, List<String> properties, String... args)
      throws IOException, InterruptedException {
    List<String> settings = new ArrayList<>();
    settings.add("-Docipkg.cache.dir=" + cache);
    settings.addAll(properties);
    Path output = Files.createTempFile(work, "app", ".txt");
    return AppJvm.finish(AppJvm.here().start(output, Map.of(), settings, args), output);
  }
}
