package dev.ocipkg.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ocipkg.Digest;
import dev.ocipkg.NativeLoader;
import dev.ocipkg.NativePackage;
import dev.ocipkg.internal.config.LoaderConfig;
import dev.ocipkg.internal.registry.Repository;
import dev.ocipkg.testing.AccessLog;
import dev.ocipkg.testing.LayerFiles;
import dev.ocipkg.testing.OciLayoutWriter;
import dev.ocipkg.testing.RegistryExtension;
import dev.ocipkg.testing.Skopeo;
import dev.ocipkg.testing.WrittenLayout;
import dev.ocipkg.testlibs.NativeTestLibs;
import dev.ocipkg.tools.registry.RegistryClient;
import dev.ocipkg.tools.transfer.LayoutPusher;
import dev.ocipkg.tools.transfer.PushReport;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** Pushing with our own client: chunked uploads, HEAD skips, cross-repository mounts. */
class PushIT {
  private static final int BIG = 64 * 1024 * 1024;

  @RegisterExtension static final RegistryExtension registry = RegistryExtension.anonymous();

  @Test
  void pushesA64MiBBlobInChunksThenSkipsAndMountsIt(@TempDir Path work) throws Exception {
    byte[] payload = new byte[BIG];
    new Random(7).nextBytes(payload);
    Path files = Files.createDirectories(work.resolve("files"));
    NativeTestLibs.copyPackageTo(files);
    Files.write(files.resolve("payload.bin"), payload);
    WrittenLayout layout =
        OciLayoutWriter.create()
            .tag("1.0")
            .platform("linux/amd64", LayerFiles.fromDirectory(files))
            .platform("linux/arm64", LayerFiles.builder().file("libocipkg_demo.so", "arm").build())
            .write(work.resolve("layout"));
    Digest bigLayer = Digest.parse(layout.manifest("linux/amd64").layerDigest());
    RegistryClient client = new RegistryClient(LoaderConfig.builder().build());
    LayoutPusher pusher = new LayoutPusher(client, 8L << 20);
    String host = registry.host();

    AccessLog log = registry.accessLog();
    log.clear();
    PushReport first =
        pusher.push(
            layout.directory(), "1.0", new Repository(host, "acme/big"), List.of("1.0"), null);
    assertThat(first.uploaded()).contains(bigLayer);
    assertThat(first.root().toString()).isEqualTo(layout.indexDigest());
    assertThat(log.count("PATCH", ".*/acme/big/blobs/uploads/.*")).isGreaterThanOrEqualTo(8);

    // skopeo, an independent client, reads what we pushed, byte for byte.
    assertThat(Skopeo.locate().inspectRaw(registry.server(), "acme/big:1.0"))
        .isEqualTo(layout.rootBytes());

    // The loader pulls and verifies it.
    NativePackage pkg =
        NativeLoader.builder()
            .cacheDir(work.resolve("cache"))
            .build()
            .open(registry.reference("acme/big:1.0"));
    assertThat(Files.readAllBytes(pkg.directory().resolve("payload.bin"))).isEqualTo(payload);
    assertThat(pkg.jna(Demo.class, "ocipkg_demo").demo_add(2, 3)).isEqualTo(5);

    log.clear();
    PushReport second =
        pusher.push(
            layout.directory(),
            "1.0",
            new Repository(host, "acme/big"),
            List.of("1.0", "latest"),
            null);
    assertThat(second.uploaded()).isEmpty();
    assertThat(second.skipped()).contains(bigLayer);
    assertThat(log.count("PATCH", ".*")).isZero();
    assertThat(client.listTags(new Repository(host, "acme/big")))
        .containsExactlyInAnyOrder("1.0", "latest");

    PushReport mountedPush =
        pusher.push(
            layout.directory(),
            "1.0",
            new Repository(host, "acme/other"),
            List.of("2.0"),
            "acme/big");
    assertThat(mountedPush.mounted()).contains(bigLayer);
    assertThat(mountedPush.uploaded()).isEmpty();
    assertThat(Skopeo.locate().inspectRaw(registry.server(), "acme/other:2.0"))
        .isEqualTo(layout.rootBytes());
  }
}
