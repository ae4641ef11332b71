package dev.ocipkg.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ocipkg.NativeLoader;
import dev.ocipkg.internal.config.LoaderConfig;
import dev.ocipkg.testing.RegistryServer;
import dev.ocipkg.tools.cache.CacheInventory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code ocipkg ls} and {@code gc} with a read-only cache below the writable one: a writable record
 * may name a package that only the read-only cache holds (a tag checked again and answered with
 * what the image already had); ls shows that package as the read-only cache's, and gc keeps the
 * record.
 */
class LayeredCacheInventoryIT {
  @Test
  void aWritableRecordOfAReadOnlyPackageIsListedAndKept(@TempDir Path work) throws Exception {
    try (RegistryServer registry = RegistryServer.builder().start()) {
      DemoArtifact.push(registry, "acme/layered", work);
      String reference = registry.reference("acme/layered:" + DemoArtifact.TAG);
      Path readOnly = work.resolve("baked");
      Path writable = work.resolve("cache");
      NativeLoader.builder().cacheDir(readOnly).build().open(reference);
      // TTL zero: the tag is asked again, the registry names what the baked cache holds.
      NativeLoader.builder()
          .cacheDir(writable)
          .readOnlyCache(readOnly)
          .tagTtl(Duration.ZERO)
          .build()
          .open(reference);
      assertThat(recordsIn(writable)).hasSize(1);
      assertThat(writable.resolve("packages")).doesNotExist();

      CacheInventory inventory =
          new CacheInventory(
              LoaderConfig.builder().cacheDir(writable).readOnlyCache(readOnly).build());
      List<CacheInventory.CachedPackage> listed = inventory.list();
      assertThat(listed)
          .singleElement()
          .satisfies(
              p -> {
                assertThat(p.readOnly()).isTrue();
                assertThat(p.cache()).isEqualTo(readOnly.toAbsolutePath().normalize());
                assertThat(p.references()).isNotEmpty();
              });

      assertThat(inventory.collect().records()).isZero();
      assertThat(recordsIn(writable)).hasSize(1);
      // Blind to the read-only cache, gc would have taken the record for one without a package.
      assertThat(new CacheInventory(writable).collect().records()).isEqualTo(1);
    }
  }

  private static List<Path> recordsIn(Path cache) throws Exception {
    Path refs = cache.resolve("refs");
    if (!Files.isDirectory(refs)) {
      return List.of();
    }
    try (Stream<Path> files = Files.walk(refs)) {
      return files.filter(Files::isRegularFile).toList();
    }
  }
}
