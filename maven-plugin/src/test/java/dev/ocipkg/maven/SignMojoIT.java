package dev.ocipkg.maven;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ocipkg.ImageReference;
import dev.ocipkg.internal.config.LoaderConfig;
import dev.ocipkg.testing.OciLayoutWriter;
import dev.ocipkg.testing.Openssl;
import dev.ocipkg.testing.RegistryExtension;
import dev.ocipkg.testing.Skopeo;
import dev.ocipkg.testing.WrittenLayout;
import dev.ocipkg.tools.inspect.SignatureCheck;
import dev.ocipkg.tools.transfer.ImageSources;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code ocipkg:sign} against a real registry (Distribution 2.8), its signatures checked by the
 * loader's verifier; the key made by {@code openssl}.
 */
class SignMojoIT {
  @RegisterExtension static final RegistryExtension registry = RegistryExtension.anonymous();

  @Test
  void bothFormatsAreSignedAndVerify(@TempDir Path work) throws Exception {
    Path key = work.resolve("key.pem");
    Path pub = work.resolve("key.pub");
    Openssl.p256KeyPair(work, key.toString(), pub.toString());
    WrittenLayout layout =
        OciLayoutWriter.create()
            .tag("1.0")
            .platform(
                "linux/amd64",
                Map.of("libsigned.so", "stands in for a library".getBytes(StandardCharsets.UTF_8)))
            .write(work.resolve("layout"));
    Skopeo.locate().copyAll(layout.directory(), "1.0", registry.server(), "acme/mojo:1.0");
    String ref = registry.reference("acme/mojo:1.0");

    for (String format : List.of("bundle", "simple")) {
      SignMojo mojo = new SignMojo();
      mojo.images = List.of(ref);
      mojo.signingKey = key.toFile();
      mojo.signatureFormat = format;
      mojo.insecure = true;
      mojo.execute();
    }

    var decision =
        new SignatureCheck(new ImageSources(LoaderConfig.builder().build()))
            .verify(ImageReference.parse(ref), pub);
    assertThat(decision.digest().toString()).isEqualTo(layout.indexDigest());
    assertThat(String.join("\n", decision.acceptedBy())).contains("simple signing by");
  }
}
