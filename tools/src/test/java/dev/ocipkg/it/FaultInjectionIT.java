package dev.ocipkg.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ocipkg.NativeLoadException;
import dev.ocipkg.NativeLoader;
import dev.ocipkg.NativePackage;
import dev.ocipkg.internal.config.LoaderConfig;
import dev.ocipkg.internal.registry.Repository;
import dev.ocipkg.testing.Fault;
import dev.ocipkg.testing.FaultProxy;
import dev.ocipkg.testing.LayerFiles;
import dev.ocipkg.testing.OciLayoutWriter;
import dev.ocipkg.testing.RecordedRequest;
import dev.ocipkg.testing.RegistryServer;
import dev.ocipkg.testing.Skopeo;
import dev.ocipkg.testing.WrittenLayout;
import dev.ocipkg.testlibs.NativeTestLibs;
import dev.ocipkg.tools.registry.RegistryClient;
import dev.ocipkg.tools.transfer.LayoutPusher;
import dev.ocipkg.tools.transfer.PushReport;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What real networks do to a pull, brought about by the fault proxy between the loader and a real
 * registry: cut downloads, rate limits, server errors, altered bytes, redirects.
 */
@Tag("java17")
class FaultInjectionIT {
  private static final int PAYLOAD = 4 * 1024 * 1024;

  @TempDir Path work;
  RegistryServer registry;
  FaultProxy proxy;
  WrittenLayout layout;
  byte[] payload;
  String layerPath;

  @BeforeEach
  void pushThroughTheRealRegistry() throws Exception {
    registry = RegistryServer.builder().start();
    payload = new byte[PAYLOAD];
    new Random(3).nextBytes(payload);
    layout = push(registry, "acme/faulty");
    layerPath = ".*/acme/faulty/blobs/" + layout.manifest("linux/amd64").layerDigest();
    proxy = FaultProxy.inFrontOf(registry);
  }

  @AfterEach
  void stop() throws Exception {
    proxy.close();
    registry.close();
  }

  private WrittenLayout push(RegistryServer target, String repository) throws Exception {
    Path files = work.resolve("files");
    if (!Files.exists(files)) {
      Files.createDirectories(files);
      NativeTestLibs.copyPackageTo(files);
      Files.write(files.resolve("payload.bin"), payload);
    }
    WrittenLayout written =
        OciLayoutWriter.create()
            .tag("1")
            .platform("linux/amd64", LayerFiles.fromDirectory(files))
            .write(work.resolve("layout"));
    Skopeo.locate().copyAll(written.directory(), "1", target, repository + ":1");
    return written;
  }

  private NativeLoader.Builder loader() {
    return NativeLoader.builder().cacheDir(work.resolve("cache"));
  }

  @Test
  void aDownloadCutInTheMiddleResumesWithRange() throws Exception {
    proxy.rule(Fault.cutAfter(PAYLOAD / 2).on("GET", layerPath));

    NativePackage pkg = loader().build().open(proxy.reference("acme/faulty:1"));

    assertThat(Files.readAllBytes(pkg.directory().resolve("payload.bin"))).isEqualTo(payload);
    List<RecordedRequest> gets = proxy.requests("GET", layerPath);
    assertThat(gets).hasSize(2);
    assertThat(gets.get(0).header("Range")).isEmpty();
    assertThat(gets.get(1).header("Range"))
        .hasValueSatisfying(r -> assertThat(r).matches("bytes=[1-9][0-9]*-"));
    assertThat(registry.accessLog().entries(e -> e.path().matches(layerPath)))
        .anySatisfy(e -> assertThat(e.status()).isEqualTo(206));
  }

  @Test
  void aRateLimitIsWaitedOutAsRetryAfterSays() {
    proxy.rule(Fault.tooManyRequests(Duration.ofSeconds(2)).on("GET", ".*/manifests/1"));

    long started = System.nanoTime();
    NativePackage pkg = loader().build().open(proxy.reference("acme/faulty:1"));
    long elapsedMillis = (System.nanoTime() - started) / 1_000_000;

    assertThat(pkg.jna(Demo.class, "ocipkg_demo").demo_add(2, 3)).isEqualTo(5);
    assertThat(elapsedMillis).isGreaterThanOrEqualTo(2000);
    assertThat(proxy.requests("GET", ".*/manifests/1")).hasSize(2);
  }

  @Test
  void aFlippedByteIsADigestErrorAndNothingIsCached() throws Exception {
    proxy.rule(Fault.flipByte(1000).on("GET", layerPath).always());

    assertThatThrownBy(() -> loader().build().open(proxy.reference("acme/faulty:1")))
        .isInstanceOf(NativeLoadException.class)
        .hasMessageContaining("does not match its digest");

    Path cache = work.resolve("cache");
    assertThat(cache.resolve("packages/sha256").toFile().list()).isNullOrEmpty();
    assertThat(
            Files.exists(
                cache
                    .resolve("blobs/sha256")
                    .resolve(layerPath.substring(layerPath.lastIndexOf(':') + 1))))
        .isFalse();
  }

  @Test
  void persistentServerErrorsEndInOneErrorWithTheAttemptCount() {
    proxy.rule(Fault.status(503).on("GET", ".*/manifests/1").times(5));

    assertThatThrownBy(() -> loader().retries(4).build().open(proxy.reference("acme/faulty:1")))
        .isInstanceOf(NativeLoadException.class)
        .hasMessageContaining("after 5 attempts")
        .hasMessageContaining("HTTP 503")
        .satisfies(e -> assertThat(((NativeLoadException) e).httpStatus()).isEqualTo(503));
    assertThat(proxy.requests("GET", ".*/manifests/1")).hasSize(5);
  }

  @Test
  void aRedirectToAnotherHostCarriesNoAuthorization() throws Exception {
    try (RegistryServer guarded = RegistryServer.builder().basicAuth().start();
        FaultProxy front = FaultProxy.inFrontOf(guarded)) {
      new LayoutPusher(
              new RegistryClient(
                  LoaderConfig.builder()
                      .credentials(guarded.host(), guarded.username(), guarded.password())
                      .build()),
              0)
          .push(
              layout.directory(),
              "1",
              new Repository(guarded.host(), "acme/faulty"),
              List.of("1"),
              null);
      // The storage behind the redirect: another origin (the anonymous registry's proxy).
      front.rule(Fault.redirectTo(proxy.baseUri()).on("GET", layerPath));

      NativePackage pkg =
          loader()
              .credentials(front.host(), guarded.username(), guarded.password())
              .build()
              .open(front.reference("acme/faulty:1"));

      assertThat(Files.readAllBytes(pkg.directory().resolve("payload.bin"))).isEqualTo(payload);
      assertThat(front.requests("GET", layerPath))
          .singleElement()
          .satisfies(r -> assertThat(r.header("Authorization")).isPresent());
      assertThat(proxy.requests("GET", layerPath))
          .singleElement()
          .satisfies(r -> assertThat(r.header("Authorization")).isEmpty());
    }
  }

  @Test
  void anExpiredPresignedUrlSendsUsBackToTheRegistryOnce() throws Exception {
    try (RegistryServer other = RegistryServer.builder().start();
        FaultProxy storage = FaultProxy.inFrontOf(other)) {
      push(other, "acme/faulty");
      proxy.rule(Fault.redirectTo(storage.baseUri()).on("GET", layerPath));
      storage.rule(Fault.status(403).on("GET", layerPath));

      NativePackage pkg = loader().build().open(proxy.reference("acme/faulty:1"));

      assertThat(Files.readAllBytes(pkg.directory().resolve("payload.bin"))).isEqualTo(payload);
      assertThat(proxy.requests("GET", layerPath)).hasSize(2);
    }
  }

  @Test
  void aRegistryThatRefusesHeadIsAskedWithGet() throws Exception {
    proxy.rule(Fault.status(405).on("HEAD", ".*/blobs/.*").always());
    RegistryClient client = new RegistryClient(LoaderConfig.builder().build());

    PushReport report =
        new LayoutPusher(client, 0)
            .push(
                layout.directory(),
                "1",
                new Repository(proxy.host(), "acme/faulty"),
                List.of("1"),
                null);

    assertThat(report.uploaded()).isEmpty();
    assertThat(report.skipped()).isNotEmpty();
    assertThat(proxy.requests("GET", ".*/blobs/sha256:.*"))
        .isNotEmpty()
        .allSatisfy(r -> assertThat(r.header("Range")).contains("bytes=0-0"));
  }
}
