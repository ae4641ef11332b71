package dev.ocipkg.internal.trust;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ocipkg.ImageReference;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.util.Base64;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class TrustPolicyTest {
  private static final KeyPair KEY = TestKeys.generate(TestKeys.Type.P256);

  @TempDir Path dir;

  @BeforeEach
  void writeKey() throws Exception {
    Files.writeString(dir.resolve("cosign.pub"), TestKeys.publicPem(KEY));
  }

  private TrustPolicy parse(String json) throws TrustFormatException {
    return TrustPolicy.parse(json.getBytes(StandardCharsets.UTF_8), "policy p.json", dir);
  }

  private static String accept() {
    return "[{\"type\":\"insecureAcceptAnything\"}]";
  }

  private static String reject() {
    return "[{\"type\":\"reject\"}]";
  }

  @ParameterizedTest
  @CsvSource({
    "ghcr.io/acme/libfoo:1.2@sha256:0000000000000000000000000000000000000000000000000000000000000000,"
        + " ghcr.io/acme/libfoo@sha256:0000000000000000000000000000000000000000000000000000000000000000",
    "ghcr.io/acme/libfoo:1.2, ghcr.io/acme/libfoo:1.2",
    "ghcr.io/acme/libfoo:1.3, ghcr.io/acme/libfoo",
    "ghcr.io/acme/team/libbar:1, ghcr.io/acme",
    "ghcr.io/other/x:1, ghcr.io",
    "eu.mirror.example.com/x/y:1, *.mirror.example.com",
    "us.example.com/x/y:1, *.example.com",
    "quay.io/x/y:1, ''",
  })
  void theMostSpecificDockerScopeWins(String reference, String expectedScope) throws Exception {
    TrustPolicy policy =
        parse(
            "{\"default\":"
                + reject()
                + ",\"transports\":{\"docker\":{"
                + "\"\":"
                + accept()
                + ","
                + "\"ghcr.io\":"
                + accept()
                + ","
                + "\"ghcr.io/acme\":"
                + accept()
                + ","
                + "\"ghcr.io/acme/libfoo\":"
                + accept()
                + ","
                + "\"ghcr.io/acme/libfoo:1.2\":"
                + accept()
                + ","
                + "\"ghcr.io/acme/libfoo@sha256:0000000000000000000000000000000000000000000000000000000000000000\":"
                + accept()
                + ","
                + "\"*.example.com\":"
                + accept()
                + ","
                + "\"*.mirror.example.com\":"
                + accept()
                + "}}}");

    assertThat(policy.requirementsFor(ImageReference.parse(reference)).scope())
        .isEqualTo(new PolicyScope("docker", expectedScope));
  }

  @Test
  void withoutAMatchingScopeTheGlobalDefaultApplies() throws Exception {
    TrustPolicy policy =
        parse(
            "{\"default\":"
                + reject()
                + ",\"transports\":{\"docker\":{\"ghcr.io\":"
                + accept()
                + "}}}");

    TrustPolicy.ScopedRequirements scoped =
        policy.requirementsFor(ImageReference.parse("quay.io/a/b:1"));
    assertThat(scoped.scope().isGlobalDefault()).isTrue();
    assertThat(scoped.scope()).hasToString("default");
    assertThat(scoped.requirements()).containsExactly(new PolicyRequirement.Reject());
  }

  @Test
  void localSourcesUseTheOciTransportsWithDirectoryScopes() throws Exception {
    Path layout = dir.resolve("layouts/libfoo");
    TrustPolicy policy =
        parse(
            "{\"default\":"
                + reject()
                + ",\"transports\":{"
                + "\"oci\":{\""
                + dir.resolve("layouts")
                + "\":"
                + accept()
                + ","
                + "\""
                + layout
                + ":1.0\":"
                + reject()
                + "},"
                + "\"oci-archive\":{\"\":"
                + accept()
                + "}}}");

    assertThat(policy.requirementsFor(ImageReference.parse("oci:" + layout + ":1.0")).scope())
        .isEqualTo(new PolicyScope("oci", layout + ":1.0"));
    assertThat(policy.requirementsFor(ImageReference.parse("oci:" + layout + ":2.0")).scope())
        .isEqualTo(new PolicyScope("oci", dir.resolve("layouts").toString()));
    assertThat(policy.requirementsFor(ImageReference.parse("oci-archive:/tmp/x.tar")).scope())
        .isEqualTo(new PolicyScope("oci-archive", ""));
  }

  @Test
  void readsEveryKeyForm() throws Exception {
    KeyPair second = TestKeys.generate(TestKeys.Type.ED25519);
    Files.writeString(dir.resolve("second.pub"), TestKeys.publicPem(second));
    String data =
        Base64.getEncoder()
            .encodeToString(TestKeys.publicPem(second).getBytes(StandardCharsets.US_ASCII));
    TrustPolicy policy =
        parse(
            "{\"default\":[{\"type\":\"sigstoreSigned\",\"keyPaths\":[\"cosign.pub\",\""
                + dir.resolve("second.pub")
                + "\"]}],\"transports\":{\"docker\":{\"a.example\":[{\"type\":\"sigstoreSigned\","
                + "\"keyData\":\""
                + data
                + "\",\"signedIdentity\":{\"type\":\"remapIdentity\",\"prefix\":\"a.example\","
                + "\"signedPrefix\":\"b.example\"}}],\"b.example\":[{\"type\":\"sigstoreSigned\","
                + "\"keyDatas\":[\""
                + data
                + "\"],\"signedIdentity\":{\"type\":\"exactRepository\",\"dockerRepository\":"
                + "\"c.example/x\"}}]}}}");

    var defaults =
        (PolicyRequirement.SigstoreSigned)
            policy.requirementsFor(ImageReference.parse("z.example/a:1")).requirements().get(0);
    assertThat(defaults.keys())
        .extracting(TrustedKey::keyId)
        .containsExactly(TestKeys.trusted(KEY).keyId(), TestKeys.trusted(second).keyId());
    assertThat(defaults.signedIdentity()).isEqualTo(new SignedIdentity.MatchRepoDigestOrExact());
    assertThat(policy.keyFiles())
        .containsExactly(dir.resolve("cosign.pub"), dir.resolve("second.pub"));
    var remap =
        (PolicyRequirement.SigstoreSigned)
            policy.requirementsFor(ImageReference.parse("a.example/x:1")).requirements().get(0);
    assertThat(remap.signedIdentity())
        .isEqualTo(new SignedIdentity.RemapIdentity("a.example", "b.example"));
    assertThat(
            remap
                .signedIdentity()
                .mismatch(
                    ImageReference.parse("a.example/x@sha256:" + "0".repeat(64)),
                    ImageReference.parse("b.example/x"),
                    true))
        .isNull();
  }

  @Test
  void keylessAndGpgRequirementsParseButAreUnsupported() throws Exception {
    TrustPolicy policy =
        parse(
            "{\"default\":[{\"type\":\"sigstoreSigned\",\"fulcio\":{\"caPath\":\"/x\"},"
                + "\"rekorPublicKeyPath\":\"/y\"}],\"transports\":{\"docker\":{\"a.example\":"
                + "[{\"type\":\"sigstoreSigned\",\"keyPath\":\"cosign.pub\","
                + "\"rekorPublicKeyPath\":\"/y\"}]}}}");

    assertThat(policy.requirementsFor(ImageReference.parse("b.example/x:1")).requirements())
        .singleElement()
        .isInstanceOfSatisfying(
            PolicyRequirement.Unsupported.class,
            u ->
                assertThat(u.why())
                    .startsWith("not supported by ocipkg: keyless sigstoreSigned (fulcio)"));
    assertThat(policy.requirementsFor(ImageReference.parse("a.example/x:1")).requirements())
        .singleElement()
        .isInstanceOfSatisfying(
            PolicyRequirement.Unsupported.class, u -> assertThat(u.why()).contains("Rekor"));
  }

  @Test
  void theFingerprintIgnoresLayoutButNotContentOrKeys() throws Exception {
    String compact =
        "{\"default\":[{\"type\":\"sigstoreSigned\",\"keyPath\":\"cosign.pub\"}],\"transports\":{}}";
    String spaced =
        "{ \"transports\" : { },\n  \"default\": [ {\"keyPath\": \"cosign.pub\", \"type\": \"sigstoreSigned\"} ] }";
    String first = parse(compact).fingerprint();

    assertThat(parse(spaced).fingerprint()).isEqualTo(first);
    assertThat(parse("{\"default\":" + accept() + "}").fingerprint()).isNotEqualTo(first);
    Files.writeString(
        dir.resolve("cosign.pub"), TestKeys.publicPem(TestKeys.generate(TestKeys.Type.P256)));
    assertThat(parse(compact).fingerprint()).isNotEqualTo(first);
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "{\"default\": [oops] | policy p.json: not valid JSON at line 1",
        "[] | policy p.json: the document is [], expected an object",
        "{} | policy p.json: default is missing",
        "{\"default\":[{\"type\":\"reject\"}],\"default\":[] | policy p.json: not valid JSON",
        "{\"default\":[],\"extra\":1} | unknown field \"extra\"",
        "{\"default\":[]} | default is an empty list",
        "{\"default\":{}} | default is {}, expected an array",
        "{\"default\":[{\"type\":\"acceptAll\"}]} | default[0].type \"acceptAll\" is not a policy requirement",
        "{\"default\":[{\"type\":\"reject\",\"keyPath\":\"x\"}]} | default[0]: unknown field \"keyPath\"",
        "{\"default\":[{\"type\":\"sigstoreSigned\"}]} | default[0]: sigstoreSigned needs exactly one of keyPath, keyPaths, keyData, keyDatas",
        "{\"default\":[{\"type\":\"sigstoreSigned\",\"keyPath\":\"cosign.pub\",\"keyData\":\"eA==\"}]} | found keyPath and keyData",
        "{\"default\":[{\"type\":\"sigstoreSigned\",\"keyData\":\"%%%\"}]} | default[0].keyData \"%%%\" is not valid base64",
        "{\"default\":[{\"type\":\"sigstoreSigned\",\"keyData\":\"aGVsbG8=\"}]} | default[0].keyData: no \"-----BEGIN PUBLIC KEY-----\" block",
        "{\"default\":[{\"type\":\"sigstoreSigned\",\"keyPath\":\"missing.pub\"}]} | default[0].keyPath: cannot read key file",
        "{\"default\":[{\"type\":\"sigstoreSigned\",\"keyPaths\":[]}]} | default[0].keyPaths is an empty list",
        "{\"default\":[{\"type\":\"sigstoreSigned\",\"keyPath\":7}]} | default[0].keyPath is 7, expected a string",
        "{\"default\":[{\"type\":\"sigstoreSigned\",\"keyPath\":\"cosign.pub\",\"signedIdentity\":{\"type\":\"matchAnything\"}}]} | default[0].signedIdentity.type \"matchAnything\" is not supported",
        "{\"default\":[{\"type\":\"sigstoreSigned\",\"keyPath\":\"cosign.pub\",\"signedIdentity\":{\"type\":\"exactReference\",\"dockerReference\":\"a.example/x\"}}]} | default[0].signedIdentity.dockerReference \"a.example/x\" needs a tag or digest",
        "{\"default\":[{\"type\":\"reject\"}],\"transports\":{\"ftp\":{}}} | transports: unknown transport \"ftp\"",
        "{\"default\":[{\"type\":\"reject\"}],\"transports\":{\"docker\":{\"busybox\":[{\"type\":\"reject\"}]}}} | transports.docker[\"busybox\"]: a docker scope must be fully expanded",
        "{\"default\":[{\"type\":\"reject\"}],\"transports\":{\"docker\":{\"a.example/UPPER\":[{\"type\":\"reject\"}]}}} | transports.docker[\"a.example/UPPER\"]: not a valid docker scope",
        "{\"default\":[{\"type\":\"reject\"}],\"transports\":{\"docker\":{\"*.a*.com\":[{\"type\":\"reject\"}]}}} | a wildcard scope is *.domain",
        "{\"default\":[{\"type\":\"reject\"}],\"transports\":{\"oci\":{\"layouts/x\":[{\"type\":\"reject\"}]}}} | transports.oci[\"layouts/x\"]: a oci scope must be an absolute path",
        "{\"default\":[{\"type\":\"reject\"}],\"transports\":{\"oci\":{\"/\":[{\"type\":\"reject\"}]}}} | the scope \"/\" is forbidden",
      })
  void refusesAMalformedPolicyQuotingFilePathAndValue(String json, String expected) {
    assertThatThrownBy(() -> parse(json))
        .isInstanceOf(TrustFormatException.class)
        .hasMessageStartingWith("policy p.json")
        .hasMessageContaining(expected);
  }

  @Test
  void aMessageEscapesForeignText() {
    assertThatThrownBy(() -> parse("{\"default\":[{\"type\":\"x\\u001b[31m\\u202e\"}]}"))
        .isInstanceOf(TrustFormatException.class)
        .hasMessageNotContaining("\u001b")
        .hasMessageNotContaining("\u202e")
        .hasMessageContaining("x\\u001B[31m\\u202e");
  }
}
