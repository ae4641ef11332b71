package dev.ocipkg.internal.registry.credentials;

import static dev.ocipkg.internal.registry.credentials.CredentialFixtures.SECRET;
import static dev.ocipkg.internal.registry.credentials.CredentialFixtures.auths;
import static dev.ocipkg.internal.registry.credentials.CredentialFixtures.b64;
import static dev.ocipkg.internal.registry.credentials.CredentialFixtures.write;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ocipkg.internal.io.ManualTime;
import dev.ocipkg.internal.registry.credentials.Credential.Kind;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The chain and the file format; helpers are in {@link CredentialHelperTest}. */
class DockerCredentialsTest {
  @TempDir Path tmp;
  private CredentialFixtures fx;
  private Path dockerConfig;

  @BeforeEach
  void setUp() throws IOException {
    fx = new CredentialFixtures(tmp);
    dockerConfig = fx.home.resolve(".docker/config.json");
  }

  private Optional<Credential> find(String dockerJson, String host) throws IOException {
    write(dockerConfig, dockerJson);
    return DockerCredentials.of(fx.env().build()).find(host);
  }

  @Test
  void authSplitsAtTheFirstColon() throws IOException {
    Credential c = find(auths("ghcr.io", "alice", "pa:ss:" + SECRET), "ghcr.io").orElseThrow();

    assertThat(c.username()).isEqualTo("alice");
    assertThat(c.secret()).isEqualTo("pa:ss:" + SECRET);
    assertThat(c.kind()).isEqualTo(Kind.PASSWORD);
    assertThat(c.source()).isEqualTo(dockerConfig + " (auths)");
    assertThat(fx.warnings).isEmpty();
  }

  @Test
  void usernameAndPasswordFields() throws IOException {
    Credential c =
        find("{\"auths\":{\"ghcr.io\":{\"username\":\"bob\",\"password\":\"pw\"}}}", "ghcr.io")
            .orElseThrow();

    assertThat(c).isEqualTo(Credential.password("bob", "pw", dockerConfig + " (auths)"));
  }

  @Test
  void identityTokenIsARefreshToken() throws IOException {
    Credential c =
        find(
                "{\"auths\":{\"ghcr.io\":{\"auth\":\""
                    + b64("u:")
                    + "\",\"identitytoken\":\"refresh-123\"}}}",
                "ghcr.io")
            .orElseThrow();

    assertThat(c.kind()).isEqualTo(Kind.IDENTITY_TOKEN);
    assertThat(c.username()).isEqualTo("<token>");
    assertThat(c.secret()).isEqualTo("refresh-123");
  }

  @ParameterizedTest(name = "key {0} serves {1}")
  @CsvSource({
    "ghcr.io, ghcr.io",
    "https://ghcr.io, ghcr.io",
    "https://ghcr.io/v1/, ghcr.io",
    "GHCR.IO, ghcr.io",
    "ghcr.io, GHCR.io",
    "http://127.0.0.1:5000, 127.0.0.1:5000",
    "https://127.0.0.1:5000/v2/, 127.0.0.1:5000",
    "quay.io/some-org, quay.io",
    "https://index.docker.io/v1/, docker.io",
    "https://index.docker.io/v1/, registry-1.docker.io",
    "https://index.docker.io/v1/, index.docker.io",
    "docker.io, registry-1.docker.io",
  })
  void keyForms(String key, String host) throws IOException {
    assertThat(find(auths(key, "u", "p"), host)).map(Credential::username).contains("u");
  }

  @ParameterizedTest(name = "key {0} does not serve {1}")
  @CsvSource({
    "127.0.0.1:5000, 127.0.0.1",
    "127.0.0.1:5000, 127.0.0.1:5001",
    "http://127.0.0.1, 127.0.0.1:5000",
    "ghcr.io, ghcr.io:443",
    "ghcr.io, evil-ghcr.io",
    "https://index.docker.io/v1/, quay.io",
    "https://ghcr.io/v1/, docker.io",
  })
  void keyMustNameTheSameHostAndPort(String key, String host) throws IOException {
    assertThat(find(auths(key, "u", "p"), host)).isEmpty();
  }

  @Test
  void exactKeyBeforeANormalisedOne() throws IOException {
    String json =
        "{\"auths\":{\"https://ghcr.io/v1/\":{\"auth\":\""
            + b64("old:x")
            + "\"},\"ghcr.io\":{\"auth\":\""
            + b64("new:y")
            + "\"}}}";

    assertThat(find(json, "ghcr.io")).map(Credential::username).contains("new");
  }

  @Test
  void noFilesMeansAnonymous() {
    DockerCredentials credentials = DockerCredentials.of(fx.env().build());

    assertThat(credentials.find("ghcr.io")).isEmpty();
    assertThat(fx.warnings).isEmpty();
  }

  @Test
  void emptyEntryWithoutCredsStoreIsAnonymous() throws IOException {
    assertThat(find("{\"auths\":{\"ghcr.io\":{}},\"HttpHeaders\":{}}", "ghcr.io")).isEmpty();
    assertThat(fx.warnings).isEmpty();
  }

  @Test
  void orderExplicitThenAuthFileThenPodmanThenDocker() throws IOException {
    Path named = write(tmp.resolve("named.json"), auths("ghcr.io", "named", "p"));
    Path runtime = tmp.resolve("run");
    write(runtime.resolve("containers/auth.json"), auths("ghcr.io", "podman", "p"));
    write(dockerConfig, auths("ghcr.io", "docker", "p"));
    Environment.Builder env =
        fx.env()
            .variable("XDG_RUNTIME_DIR", runtime.toString())
            .variable("REGISTRY_AUTH_FILE", named.toString());

    assertThat(user(env.explicit("ghcr.io", Credential.password("explicit", "p", "the test"))))
        .isEqualTo("explicit");
    env = fx.env().variable("XDG_RUNTIME_DIR", runtime.toString());
    assertThat(user(env.variable("REGISTRY_AUTH_FILE", named.toString()))).isEqualTo("named");
    assertThat(user(fx.env().variable("XDG_RUNTIME_DIR", runtime.toString()))).isEqualTo("podman");
    assertThat(user(fx.env())).isEqualTo("docker");
  }

  @Test
  void aSourceWithoutTheHostPassesToTheNext() throws IOException {
    Path runtime = tmp.resolve("run");
    write(runtime.resolve("containers/auth.json"), auths("quay.io", "podman", "p"));
    write(dockerConfig, auths("ghcr.io", "docker", "p"));
    DockerCredentials credentials =
        DockerCredentials.of(
            fx.env()
                .variable("XDG_RUNTIME_DIR", runtime.toString())
                .explicit("docker.io", Credential.password("hub", "p", "code"))
                .build());

    assertThat(credentials.find("quay.io")).map(Credential::username).contains("podman");
    assertThat(credentials.find("ghcr.io")).map(Credential::username).contains("docker");
    assertThat(credentials.find("registry-1.docker.io")).map(Credential::username).contains("hub");
  }

  @Test
  void registryAuthFileReplacesPodmansDefaultsButNotDocker() throws IOException {
    Path named = write(tmp.resolve("named.json"), auths("quay.io", "named", "p"));
    Path runtime = tmp.resolve("run");
    write(runtime.resolve("containers/auth.json"), auths("ghcr.io", "podman", "p"));
    write(dockerConfig, auths("ghcr.io", "docker", "p"));

    assertThat(
            user(
                fx.env()
                    .variable("XDG_RUNTIME_DIR", runtime.toString())
                    .variable("REGISTRY_AUTH_FILE", named.toString())))
        .isEqualTo("docker");
  }

  @Test
  void podmanConfigHomeAfterRuntimeDir() throws IOException {
    write(fx.home.resolve(".config/containers/auth.json"), auths("ghcr.io", "config", "p"));
    write(dockerConfig, auths("ghcr.io", "docker", "p"));
    assertThat(user(fx.env())).isEqualTo("config");

    Path xdg = tmp.resolve("xdg");
    write(xdg.resolve("containers/auth.json"), auths("ghcr.io", "xdg", "p"));
    assertThat(user(fx.env().variable("XDG_CONFIG_HOME", xdg.toString()))).isEqualTo("xdg");
  }

  @Test
  void missingRegistryAuthFileIsReportedAndSkipped() throws IOException {
    write(dockerConfig, auths("ghcr.io", "docker", "p"));
    Path missing = tmp.resolve("nope.json");

    assertThat(user(fx.env().variable("REGISTRY_AUTH_FILE", missing.toString())))
        .isEqualTo("docker");
    assertThat(fx.warnings).singleElement().asString().contains(missing.toString());
  }

  @Test
  void dockerConfigVariableBeatsHome() throws IOException {
    write(dockerConfig, auths("ghcr.io", "home", "p"));
    Path other = tmp.resolve("other-docker");
    write(other.resolve("config.json"), auths("ghcr.io", "docker-config", "p"));

    assertThat(user(fx.env().variable("DOCKER_CONFIG", other.toString())))
        .isEqualTo("docker-config");
    // DOCKER_CONFIG replaces ~/.docker: the home file is not a fallback.
    write(other.resolve("config.json"), auths("quay.io", "docker-config", "p"));
    assertThat(user(fx.env().variable("DOCKER_CONFIG", other.toString()))).isNull();
  }

  @Test
  void explicitCredentialsComeFirstWithTheirKeysNormalised() {
    DockerCredentials credentials =
        DockerCredentials.of(
            fx.env()
                .explicit("GHCR.IO", Credential.password("code", "c", "code"))
                .explicit("https://127.0.0.1:5000", Credential.password("bob", " sp ace ", "x"))
                .build());

    assertThat(credentials.find("ghcr.io")).map(Credential::username).contains("code");
    assertThat(credentials.find("127.0.0.1:5000").orElseThrow().secret()).isEqualTo(" sp ace ");
  }

  @Test
  void explicitPasswordMayHoldColonsAndEquals() {
    Credential c = DockerCredentials.parseExplicit("k", "ghcr.io=alice:a:b=c").get("ghcr.io");

    assertThat(c).isEqualTo(Credential.password("alice", "a:b=c", "explicit configuration (k)"));
  }

  @Test
  void badExplicitValueNamesTheKeyButNotThePassword() {
    for (String bad :
        new String[] {
          "ghcr.io=alice", "ghcr.io:" + SECRET, "=alice:" + SECRET, "ghcr.io=:" + SECRET, "h=u:"
        }) {
      assertThatThrownBy(
              () -> DockerCredentials.parseExplicit("OCIPKG_CREDENTIALS", "quay.io=u:p," + bad))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("OCIPKG_CREDENTIALS")
          .hasMessageContaining("entry 2")
          .hasMessageNotContaining(SECRET);
    }
  }

  @Test
  void aZeroHelperTimeoutIsRefused() {
    assertThatThrownBy(() -> DockerCredentials.of(fx.env().helperTimeout(Duration.ZERO).build()))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void notJsonIsReportedOnceAndTheChainGoesOn() throws IOException {
    Path named = write(tmp.resolve("auth.json"), "{\"auths\": {\"ghcr.io\": " + SECRET + "}");
    write(dockerConfig, auths("ghcr.io", "docker", "p"));
    DockerCredentials credentials =
        DockerCredentials.of(fx.env().variable("REGISTRY_AUTH_FILE", named.toString()).build());

    assertThat(credentials.find("ghcr.io")).map(Credential::username).contains("docker");
    assertThat(credentials.find("quay.io")).isEmpty();
    assertThat(fx.warnings)
        .singleElement()
        .asString()
        .startsWith("ignoring " + named + ": not valid JSON at line 1")
        .doesNotContain(SECRET);
  }

  @ParameterizedTest(name = "{1}")
  @CsvSource(
      delimiter = '|',
      value = {
        "{\"auths\":{\"ghcr.io\":{\"auth\":\"%%%\"}}}"
            + " | auths[\"ghcr.io\"].auth is not base64 of user:password",
        "{\"auths\":{\"ghcr.io\":{\"auth\":\"QUxJQ0U=\"}}}"
            + " | auths[\"ghcr.io\"].auth is not base64 of user:password (no ':')",
        "{\"auths\":{\"ghcr.io\":{\"auth\":42}}} | auths[\"ghcr.io\"].auth is not a string",
        "{\"auths\":{\"ghcr.io\":\"x\"}} | auths[\"ghcr.io\"] is not an object",
        "{\"auths\":{\"ghcr.io\":{\"username\":\"u\"}}}"
            + " | auths[\"ghcr.io\"] has a username or a password but not both",
        "{\"auths\":[]} | \"auths\" is not an object",
        "{\"credHelpers\":{\"ghcr.io\":1}} | credHelpers[\"ghcr.io\"] is not a string",
        "{\"credsStore\":{}} | \"credsStore\" is not a string",
        "[1,2] | not a JSON object",
      })
  void malformedFileIsReportedAndSkipped(String json, String problem) throws IOException {
    Path named = write(tmp.resolve("auth.json"), json);
    write(dockerConfig, auths("ghcr.io", "docker", "p"));
    DockerCredentials credentials =
        DockerCredentials.of(fx.env().variable("REGISTRY_AUTH_FILE", named.toString()).build());

    assertThat(credentials.find("ghcr.io")).map(Credential::username).contains("docker");
    assertThat(credentials.find("GHCR.IO")).map(Credential::username).contains("docker");
    assertThat(fx.warnings).containsExactly("ignoring " + named + ": " + problem);
  }

  @Test
  void aBadEntryForAnotherHostDoesNotMatter() throws IOException {
    String json =
        "{\"auths\":{\"quay.io\":{\"auth\":\"%%%\"},\"ghcr.io\":{\"auth\":\""
            + b64("u:p")
            + "\"}}}";

    assertThat(find(json, "ghcr.io")).map(Credential::username).contains("u");
    assertThat(fx.warnings).isEmpty();
  }

  @Test
  void unreadableFileIsReportedAndSkipped() throws IOException {
    Path dir = Files.createDirectories(tmp.resolve("a-directory.json"));
    write(dockerConfig, auths("ghcr.io", "docker", "p"));

    assertThat(user(fx.env().variable("REGISTRY_AUTH_FILE", dir.toString()))).isEqualTo("docker");
    assertThat(fx.warnings).singleElement().asString().startsWith("ignoring " + dir + ": ");
  }

  @Test
  void filesAreReadOnFirstFindAndAnswersCached() throws IOException {
    DockerCredentials credentials = DockerCredentials.of(fx.env().build());
    write(dockerConfig, auths("ghcr.io", "late", "p"));

    assertThat(credentials.find("ghcr.io")).map(Credential::username).contains("late");
    write(dockerConfig, auths("ghcr.io", "later", "p"));
    assertThat(credentials.find("ghcr.io")).map(Credential::username).contains("late");
  }

  @Test
  void toStringsHoldNoSecret() throws IOException {
    write(dockerConfig, auths("ghcr.io", "u", SECRET));
    DockerCredentials credentials =
        DockerCredentials.of(
            fx.env()
                .explicit(
                    "quay.io",
                    Credential.password("u", SECRET, "explicit configuration (ocipkg.credentials)"))
                .build());

    assertThat(credentials.find("ghcr.io").orElseThrow().toString())
        .isEqualTo(
            "Credential[username=u, secret=****, kind=PASSWORD, source="
                + dockerConfig
                + " (auths)]");
    assertThat(credentials.find("quay.io").orElseThrow().toString()).doesNotContain(SECRET);
    assertThat(credentials.find("quay.io").toString()).doesNotContain(SECRET);
    assertThat(credentials.toString()).doesNotContain(SECRET);
  }

  @Test
  void noneHasNothing() {
    assertThat(CredentialResolver.none().find("ghcr.io")).isEmpty();
  }

  /** The user name found for ghcr.io, or null. */
  private String user(Environment.Builder env) {
    return DockerCredentials.of(env.build()).find("ghcr.io").map(Credential::username).orElse(null);
  }

  @Test
  void anAnswerIsKeptForItsTtlThenTheChangedFileIsRead() throws IOException {
    ManualTime clock = new ManualTime();
    write(dockerConfig, auths("ghcr.io", "alice", "one"));
    DockerCredentials chain = DockerCredentials.of(fx.env().time(clock).build());
    assertThat(chain.find("ghcr.io").orElseThrow().username()).isEqualTo("alice");

    write(dockerConfig, auths("ghcr.io", "bob", "two")); // e.g. docker login as someone else
    clock.advance(Duration.ofNanos(DockerCredentials.ANSWER_TTL.toNanos() - 1));
    assertThat(chain.find("ghcr.io").orElseThrow().username())
        .as("within the TTL")
        .isEqualTo("alice");

    clock.advance(Duration.ofNanos(2));
    assertThat(chain.find("ghcr.io").orElseThrow().username()).isEqualTo("bob");
  }

  @Test
  void noCredentialsAtFirstAndALaterLoginIsSeenOnceTheAnswerExpires() throws IOException {
    ManualTime clock = new ManualTime();
    DockerCredentials chain = DockerCredentials.of(fx.env().time(clock).build());
    assertThat(chain.find("ghcr.io")).isEmpty();

    write(dockerConfig, auths("ghcr.io", "alice", "one"));
    clock.advance(Duration.ofNanos(DockerCredentials.ANSWER_TTL.toNanos()));
    assertThat(chain.find("ghcr.io")).map(Credential::username).hasValue("alice");
  }

  @Test
  void aForgottenHostIsLookedUpAgainAtOnce() throws IOException {
    write(dockerConfig, auths("ghcr.io", "alice", "refused"));
    DockerCredentials chain = DockerCredentials.of(fx.env().time(new ManualTime()).build());
    assertThat(chain.find("ghcr.io").orElseThrow().secret()).isEqualTo("refused");

    chain.forget("GHCR.io", chain.find("ghcr.io").orElseThrow());
    assertThat(chain.find("ghcr.io").orElseThrow().secret())
        .as("the files still hold it (e.g. read for an error message)")
        .isEqualTo("refused");

    write(dockerConfig, auths("ghcr.io", "alice", "accepted-now"));
    assertThat(chain.find("ghcr.io").orElseThrow().secret())
        .as("a refused answer is not kept: the next find reads the files again")
        .isEqualTo("accepted-now");
    write(dockerConfig, auths("ghcr.io", "alice", "later"));
    assertThat(chain.find("ghcr.io").orElseThrow().secret())
        .as("a new answer is kept for the TTL")
        .isEqualTo("accepted-now");
  }

  @Test
  void aHelperRunsAgainOnlyWhenItsAnswerExpired() throws IOException {
    ManualTime clock = new ManualTime();
    fx.answeringHelper("short", "AWS", SECRET);
    write(dockerConfig, "{\"credHelpers\":{\"ecr.example\":\"short\"}}");
    DockerCredentials chain = DockerCredentials.of(fx.env().time(clock).build());

    chain.find("ecr.example");
    chain.find("ecr.example");
    assertThat(Files.readAllLines(fx.bin.resolve("short.runs"))).hasSize(1);

    clock.advance(Duration.ofNanos(DockerCredentials.ANSWER_TTL.toNanos()));
    chain.find("ecr.example");
    assertThat(Files.readAllLines(fx.bin.resolve("short.runs"))).hasSize(2);
  }

  @Test
  void forgettingACredentialThatWasReplacedMeanwhileKeepsTheNewOne() throws IOException {
    ManualTime clock = new ManualTime();
    write(dockerConfig, auths("ghcr.io", "alice", "old"));
    DockerCredentials chain = DockerCredentials.of(fx.env().time(clock).build());
    Credential old = chain.find("ghcr.io").orElseThrow();
    write(dockerConfig, auths("ghcr.io", "alice", "new-after-login"));
    clock.advance(Duration.ofNanos(DockerCredentials.ANSWER_TTL.toNanos()));
    Credential fresh = chain.find("ghcr.io").orElseThrow(); // another thread, after docker login

    chain.forget("ghcr.io", old); // a request that went out with the old one comes back 401

    write(dockerConfig, auths("ghcr.io", "alice", "x"));
    assertThat(chain.find("ghcr.io")).as("kept for its TTL, not dropped").hasValue(fresh);
  }

  @Test
  void aHelperThatKeepsGivingARefusedCredentialIsAskedAtMostEveryRecheck() throws IOException {
    ManualTime clock = new ManualTime();
    fx.answeringHelper("stale", "AWS", SECRET);
    write(dockerConfig, "{\"credHelpers\":{\"ecr.example\":\"stale\"}}");
    DockerCredentials chain = DockerCredentials.of(fx.env().time(clock).build());
    chain.forget("ecr.example", chain.find("ecr.example").orElseThrow());

    chain.find("ecr.example");
    chain.find("ecr.example");
    assertThat(Files.readAllLines(fx.bin.resolve("stale.runs"))).hasSize(2);

    clock.advance(Duration.ofNanos(DockerCredentials.REFUSED_RECHECK.toNanos()));
    chain.find("ecr.example");
    assertThat(Files.readAllLines(fx.bin.resolve("stale.runs"))).hasSize(3);
  }
}
