package dev.ocipkg.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ocipkg.testing.RegistryExtension;
import dev.ocipkg.testing.RustOcipkg;
import dev.ocipkg.testlibs.NativeTestLibs;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code --format manifest}: a single-platform artifact in the Rust ocipkg's shape, checked with
 * test-support's {@link RustOcipkg}, which reads by the Rust code's rules (index.json's first entry
 * as an image manifest; a registry asked with its Accept header, which has no index types).
 */
class ManifestFormatIT {
  @RegisterExtension static final RegistryExtension registry = RegistryExtension.anonymous();

  @TempDir Path work;

  private final String host = NativeTestLibs.platform();

  private Cli ok(String... args) {
    Cli run = Cli.run(args);
    assertThat(run.exitCode()).as(run.toString()).isZero();
    return run;
  }

  @Test
  void packThenPushTheManifestFormatAndTheRustOcipkgReadsEachStep() throws Exception {
    Path layout = work.resolve("layout");
    Path archive = work.resolve("seed.tar");
    String name = registry.reference("acme/seed:1.0");
    ok(
        "pack",
        "--format",
        "manifest",
        "--name",
        name,
        "-p",
        host + "=" + NativeTestLibs.demo(),
        "--output",
        layout.toString(),
        "--archive",
        archive.toString());
    byte[] lib = Files.readAllBytes(NativeTestLibs.demo());

    RustOcipkg.Read fromLayout = RustOcipkg.readLayout(layout);
    assertThat(fromLayout.imageName()).isEqualTo(name);
    assertThat(fromLayout.files()).containsOnlyKeys("libocipkg_demo.so");
    assertThat(fromLayout.files().get("libocipkg_demo.so")).isEqualTo(lib);
    assertThat(RustOcipkg.readArchive(archive).files().get("libocipkg_demo.so")).isEqualTo(lib);

    ok("push", "oci:" + layout + ":" + name, name);
    RustOcipkg.Read pulled = RustOcipkg.pull(registry.baseUri(), "acme/seed", "1.0");
    assertThat(pulled.files().get("libocipkg_demo.so")).isEqualTo(lib);

    // copy to a repository without a tag takes the tag of the full name.
    ok("copy", "oci:" + layout + ":" + name, registry.reference("acme/copied"));
    assertThat(RustOcipkg.pull(registry.baseUri(), "acme/copied", "1.0").files()).isNotEmpty();

    // Our loader reads the layout by the full name, as the Rust ocipkg names it.
    assertThat(ok("inspect", "oci:" + layout + ":" + name).out()).contains("libocipkg_demo.so");
  }

  @Test
  void theDefaultIndexIsNotForTheRustOcipkgButPushFormatManifestSendsItsOnePlatform()
      throws Exception {
    Path layout = work.resolve("layout");
    ok("pack", "-p", host + "=" + NativeTestLibs.demo(), "--output", layout.toString());
    ok("push", layout.toString(), registry.reference("acme/indexed:1.0"));
    assertThatThrownBy(() -> RustOcipkg.pull(registry.baseUri(), "acme/indexed", "1.0"))
        .hasMessageContaining("HTTP 404");

    ok("push", "--format", "manifest", layout.toString(), registry.reference("acme/single:1.0"));
    RustOcipkg.Read pulled = RustOcipkg.pull(registry.baseUri(), "acme/single", "1.0");
    assertThat(pulled.files().get("libocipkg_demo.so"))
        .isEqualTo(Files.readAllBytes(NativeTestLibs.demo()));
  }

  @Test
  void theManifestFormatRefusesTwoPlatformsAndABareTag() throws Exception {
    Cli two =
        Cli.run(
            "pack",
            "--format",
            "manifest",
            "--name",
            registry.reference("acme/x:1.0"),
            "-p",
            "linux/amd64=" + NativeTestLibs.demo(),
            "-p",
            "linux/arm64=" + NativeTestLibs.wrongArchitecture(),
            "--output",
            work.resolve("two").toString());
    assertThat(two.exitCode()).as(two.toString()).isEqualTo(2);
    assertThat(two.err()).contains("one platform").contains("linux/amd64, linux/arm64");

    Cli bare =
        Cli.run(
            "pack",
            "--format",
            "manifest",
            "-p",
            host + "=" + NativeTestLibs.demo(),
            "--output",
            work.resolve("bare").toString());
    assertThat(bare.exitCode()).as(bare.toString()).isEqualTo(2);
    assertThat(bare.err()).contains("--name");
  }
}
