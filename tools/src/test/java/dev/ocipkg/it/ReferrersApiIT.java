package dev.ocipkg.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ocipkg.Digest;
import dev.ocipkg.NativeLoader;
import dev.ocipkg.internal.oci.Descriptor;
import dev.ocipkg.internal.oci.MediaTypes;
import dev.ocipkg.internal.trust.TestKeys;
import dev.ocipkg.testing.HostileServer;
import dev.ocipkg.testing.HostileServer.Reply;
import dev.ocipkg.testing.RecordedRequest;
import dev.ocipkg.testing.WrittenLayout;
import dev.ocipkg.tools.sign.CosignSigner;
import dev.ocipkg.tools.sign.SignatureBlob;
import dev.ocipkg.tools.sign.SignatureManifest;
import dev.ocipkg.tools.sign.SigningKey;
import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A registry that offers the referrers API (OCI distribution-spec 1.1). The Distribution 2.8 that
 * the other tests run has none, so the registry here is a stand-in ({@link HostileServer}, plain
 * HTTP/1.1 on loopback) serving the demo layout's blobs and manifests, a bundle referrer, and
 * {@code GET /v2/<name>/referrers/<digest>}.
 */
@Tag("java17")
class ReferrersApiIT {
  private static final ObjectMapper JSON = new ObjectMapper();

  @Test
  void aBundleFoundThroughTheReferrersApiLoadsWithoutTheFallbackTag(
      @TempDir Path work, @TempDir Path cache) throws Exception {
    WrittenLayout layout = DemoArtifact.writeLayout(work);
    Digest index = Digest.parse(layout.indexDigest());
    KeyPair key = TestKeys.generate(TestKeys.Type.P256);
    SignatureManifest referrer =
        new CosignSigner(
                SigningKey.fromPem(
                    TestKeys.privatePem(key).getBytes(StandardCharsets.US_ASCII), "key"))
            .signBundle(
                Descriptor.of(MediaTypes.OCI_INDEX, index, layout.rootBytes().length),
                Map.of(),
                Instant.now());
    Path policy = work.resolve("policy.json");
    Files.writeString(work.resolve("key.pub"), TestKeys.publicPem(key));
    Files.writeString(
        policy,
        "{\"default\":[{\"type\":\"sigstoreSigned\",\"keyPath\":\"key.pub\","
            + "\"signedIdentity\":{\"type\":\"matchRepository\"}}]}");

    try (HostileServer registry = HostileServer.start()) {
      serveLayout(registry, layout.directory());
      registry.on("GET", "/v2/acme/x/manifests/1.0", manifest(layout.rootBytes()));
      registry.on(
          "GET", "/v2/acme/x/manifests/" + referrer.digest(), manifest(referrer.manifest()));
      for (SignatureBlob blob : referrer.blobs()) {
        registry.on(
            "GET",
            "/v2/acme/x/blobs/" + blob.descriptor().digest(),
            Reply.status(200).body(blob.bytes()));
      }
      registry.on(
          "GET",
          "/v2/acme/x/referrers/" + index,
          Reply.status(200)
              .header("Content-Type", MediaTypes.OCI_INDEX)
              .body(
                  "{\"schemaVersion\":2,\"mediaType\":\""
                      + MediaTypes.OCI_INDEX
                      + "\",\"manifests\":[{\"mediaType\":\""
                      + MediaTypes.OCI_MANIFEST
                      + "\",\"digest\":\""
                      + referrer.digest()
                      + "\",\"size\":"
                      + referrer.manifest().length
                      + ",\"artifactType\":\""
                      + MediaTypes.SIGSTORE_BUNDLE_V03
                      + "\"}]}"));

      NativeLoader loader =
          NativeLoader.builder().cacheDir(cache).insecure(registry.host()).policy(policy).build();
      assertThat(
              loader
                  .open(registry.host() + "/acme/x:1.0")
                  .jna(Demo.class, "ocipkg_demo")
                  .demo_add(2, 2))
          .isEqualTo(4);

      List<String> targets = registry.requests().stream().map(RecordedRequest::target).toList();
      assertThat(targets)
          .contains(
              "/v2/acme/x/referrers/"
                  + index
                  + "?artifactType="
                  + URLEncoder.encode(MediaTypes.SIGSTORE_BUNDLE_V03, StandardCharsets.UTF_8))
          .doesNotContain("/v2/acme/x/manifests/sha256-" + index.hex());
    }
  }

  /** Every blob of the layout by digest, as a blob and, for JSON documents, as a manifest. */
  private static void serveLayout(HostileServer registry, Path layout) throws IOException {
    try (Stream<Path> blobs = Files.list(layout.resolve("blobs").resolve("sha256"))) {
      for (Path blob : blobs.toList()) {
        byte[] bytes = Files.readAllBytes(blob);
        String digest = "sha256:" + blob.getFileName();
        registry.on("GET", "/v2/acme/x/blobs/" + digest, Reply.status(200).body(bytes));
        registry.on("GET", "/v2/acme/x/manifests/" + digest, manifest(bytes));
      }
    }
  }

  private static Reply manifest(byte[] bytes) {
    String type = "application/octet-stream";
    try {
      JsonNode mediaType = JSON.readTree(bytes).path("mediaType");
      if (mediaType.isTextual()) {
        type = mediaType.asText();
      }
    } catch (IOException e) {
      // a layer, not a document: served as bytes
    }
    return Reply.status(200).header("Content-Type", type).body(bytes);
  }
}
