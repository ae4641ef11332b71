package dev.ocipkg.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ocipkg.NativeLoader;
import dev.ocipkg.testing.OciLayoutWriter;
import dev.ocipkg.testing.Openssl;
import dev.ocipkg.testing.RegistryExtension;
import dev.ocipkg.testing.Skopeo;
import dev.ocipkg.testing.WrittenLayout;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code ocipkg sign} and {@code ocipkg verify} against a real registry (Distribution 2.8, no
 * referrers API), with keys made by {@code openssl} as the README tells users to make them; the
 * loader under a policy takes what {@code ocipkg sign} wrote.
 */
class SignIT {
  private static final ObjectMapper JSON = new ObjectMapper();

  @RegisterExtension static final RegistryExtension registry = RegistryExtension.anonymous();

  @TempDir Path work;
  private Path key;
  private Path pub;
  private Path otherPub;

  @BeforeEach
  void keys() throws Exception {
    key = work.resolve("key.pem");
    pub = work.resolve("key.pub");
    Openssl.p256KeyPair(work, key.toString(), pub.toString());
    Path otherKey = work.resolve("other.pem");
    otherPub = work.resolve("other.pub");
    Openssl.p256KeyPair(work, otherKey.toString(), otherPub.toString());
  }

  @Test
  void aBundleSignatureVerifiesAndTheLoaderTakesItUnderAPolicy() throws Exception {
    WrittenLayout layout = push("acme/signed");
    String ref = registry.reference("acme/signed:1.0");

    Cli before = Cli.run("verify", "--key", pub.toString(), ref);
    assertThat(before.exitCode()).as(before.toString()).isEqualTo(1);
    assertThat(before.err()).contains("no signature was found");

    assertThat(ok("inspect", ref).out())
        .contains(
            "signatures:\n  none found (no tag sha256-"
                + layout.indexDigest().substring(7)
                + ".sig");

    Cli signed = ok("sign", "--key", key.toString(), ref);
    assertThat(ok("inspect", ref).out())
        .contains("signatures:\n  referrer sha256:")
        .contains(": sigstore bundle, key hint ");
    JsonNode inspected = JSON.readTree(ok("inspect", "--json", ref).out());
    assertThat(inspected.path("signatures")).hasSize(1);
    assertThat(inspected.at("/signatures/0/form").asText()).isEqualTo("sigstore bundle");
    assertThat(inspected.at("/signatures/0/where").asText()).startsWith("referrer sha256:");
    assertThat(inspected.at("/signatures/0/keyless").asBoolean()).isFalse();
    assertThat(inspected.at("/signatures/0/keyHint").asText()).isNotEmpty();
    assertThat(signed.result()).isEqualTo(registry.host() + "/acme/signed@" + layout.indexDigest());
    assertThat(signed.err()).contains("listed in tag sha256-");

    assertThat(ok("verify", "--key", pub.toString(), ref).result()).contains("sigstore bundle by");
    Cli wrongKey = Cli.run("verify", "--key", otherPub.toString(), ref);
    assertThat(wrongKey.exitCode()).as(wrongKey.toString()).isEqualTo(1);
    assertThat(wrongKey.err()).contains("not signed by a trusted key");

    Path policy = work.resolve("policy.json");
    Files.writeString(
        policy,
        "{\"default\":[{\"type\":\"sigstoreSigned\",\"keyPath\":\"key.pub\","
            + "\"signedIdentity\":{\"type\":\"matchRepository\"}}]}");
    NativeLoader loader =
        NativeLoader.builder().cacheDir(work.resolve("cache")).policy(policy).build();
    assertThat(loader.open(ref).directory().resolve("libsigned.so")).exists();
  }

  @Test
  void simpleSignaturesAppendToTheSigTag() throws Exception {
    WrittenLayout layout = push("acme/simple");
    String ref = registry.reference("acme/simple:1.0");

    ok("sign", "--format", "simple", "--key", key.toString(), ref);
    ok("sign", "--format", "simple", "--key", key.toString(), ref);

    String sigTag = "acme/simple:" + layout.indexDigest().replace(':', '-') + ".sig";
    JsonNode sig = JSON.readTree(Skopeo.locate().inspectRaw(registry.server(), sigTag));
    assertThat(sig.path("layers")).hasSize(2);
    assertThat(ok("verify", "--key", pub.toString(), ref).result()).contains("simple signing by");
  }

  @Test
  void badInputsAreUsageErrors() throws Exception {
    String ref = registry.reference("acme/none:1.0");
    Cli format = Cli.run("sign", "--format", "pgp", "--key", key.toString(), ref);
    assertThat(format.exitCode()).isEqualTo(2);
    assertThat(format.err())
        .contains("--format pgp is not a signature format: use bundle or simple");
    Cli missing = Cli.run("sign", "--key", work.resolve("nope.pem").toString(), ref);
    assertThat(missing.exitCode()).isEqualTo(2);
    assertThat(missing.err()).contains("does not exist (make one with: openssl genpkey");
  }

  private WrittenLayout push(String repository) throws IOException {
    WrittenLayout layout =
        OciLayoutWriter.create()
            .tag("1.0")
            .platform(
                "linux/amd64",
                Map.of("libsigned.so", "stands in for a library".getBytes(StandardCharsets.UTF_8)))
            .write(work.resolve(repository.replace('/', '-')));
    Skopeo.locate().copyAll(layout.directory(), "1.0", registry.server(), repository + ":1.0");
    return layout;
  }

  private Cli ok(String... args) {
    Cli run = Cli.run(args);
    assertThat(run.exitCode()).as(run.toString()).isZero();
    return run;
  }
}
