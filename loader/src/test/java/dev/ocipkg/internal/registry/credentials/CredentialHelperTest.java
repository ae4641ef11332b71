package dev.ocipkg.internal.registry.credentials;

import static dev.ocipkg.internal.registry.credentials.CredentialFixtures.SECRET;
import static dev.ocipkg.internal.registry.credentials.CredentialFixtures.b64;
import static dev.ocipkg.internal.registry.credentials.CredentialFixtures.write;
import static org.assertj.core.api.Assertions.assertThat;

import dev.ocipkg.internal.registry.credentials.Credential.Kind;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.DisabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

/** Credential helpers, as real bash scripts on a PATH of our own. */
@DisabledOnOs(OS.WINDOWS)
class CredentialHelperTest {
  @TempDir Path tmp;
  private CredentialFixtures fx;
  private Path dockerConfig;

  @BeforeEach
  void setUp() throws IOException {
    fx = new CredentialFixtures(tmp);
    dockerConfig = fx.home.resolve(".docker/config.json");
  }

  /** The chain with helpers given the default time to answer: a loaded machine's bash is slow. */
  private DockerCredentials chain(String dockerJson) throws IOException {
    write(dockerConfig, dockerJson);
    return DockerCredentials.of(fx.env().build());
  }

  /** The chain with helpers given 1 s to answer, for the test of a helper that never does. */
  private DockerCredentials chainWithOneSecondHelpers(String dockerJson) throws IOException {
    write(dockerConfig, dockerJson);
    return DockerCredentials.of(fx.env().helperTimeout(Duration.ofSeconds(1)).build());
  }

  @Test
  void credHelperGetsTheServerUrlAndAnswers() throws IOException {
    fx.answeringHelper("test", "alice", SECRET);
    DockerCredentials credentials =
        chain(
            "{\"credHelpers\":{\"ghcr.io\":\"test\"},"
                + "\"auths\":{\"ghcr.io\":{\"auth\":\""
                + b64("file:p")
                + "\"}}}");

    Credential c = credentials.find("ghcr.io").orElseThrow();

    assertThat(c.username()).isEqualTo("alice");
    assertThat(c.secret()).isEqualTo(SECRET);
    assertThat(c.kind()).isEqualTo(Kind.PASSWORD);
    assertThat(c.source())
        .isEqualTo(
            "credential helper docker-credential-test (credHelpers in " + dockerConfig + ")");
    assertThat(fx.stdinOf("test")).isEqualTo("ghcr.io");
    assertThat(fx.warnings).isEmpty();
  }

  @Test
  void answersAreCachedPerHost() throws IOException {
    fx.answeringHelper("test", "alice", SECRET);
    DockerCredentials credentials = chain("{\"credsStore\":\"test\"}");

    credentials.find("ghcr.io");
    credentials.find("ghcr.io");
    credentials.find("quay.io");

    assertThat(fx.runsOf("test")).isEqualTo(2);
  }

  @Test
  void tokenUserNameMeansIdentityToken() throws IOException {
    fx.answeringHelper("test", "<token>", "refresh-" + SECRET);

    Credential c = chain("{\"credHelpers\":{\"ghcr.io\":\"test\"}}").find("ghcr.io").orElseThrow();

    assertThat(c.kind()).isEqualTo(Kind.IDENTITY_TOKEN);
    assertThat(c.username()).isEqualTo("<token>");
    assertThat(c.secret()).isEqualTo("refresh-" + SECRET);
  }

  @Test
  void notFoundInKeychainIsQuietlyEmpty() throws IOException {
    fx.helper("test", "echo 'credentials not found in native keychain'\nexit 1");

    assertThat(chain("{\"credHelpers\":{\"ghcr.io\":\"test\"}}").find("ghcr.io")).isEmpty();
    assertThat(fx.runsOf("test")).isEqualTo(1);
    assertThat(fx.warnings).isEmpty();
  }

  @Test
  void credHelperIsAuthoritativeWithinItsFileButTheChainGoesOn() throws IOException {
    fx.helper("test", "echo 'credentials not found in native keychain'\nexit 1");
    Path named =
        write(
            tmp.resolve("auth.json"),
            "{\"credHelpers\":{\"ghcr.io\":\"test\"},\"auths\":{\"ghcr.io\":{\"auth\":\""
                + b64("same-file:p")
                + "\"}}}");
    write(dockerConfig, CredentialFixtures.auths("ghcr.io", "docker", "p"));

    Optional<Credential> c =
        DockerCredentials.of(fx.env().variable("REGISTRY_AUTH_FILE", named.toString()).build())
            .find("ghcr.io");

    assertThat(c).map(Credential::username).contains("docker");
  }

  @Test
  void slowHelperIsKilledAtTheTimeout() throws IOException {
    fx.helper("test", "sleep 30\necho '{}'");
    DockerCredentials credentials =
        chainWithOneSecondHelpers("{\"credHelpers\":{\"ghcr.io\":\"test\"}}");

    long start = System.nanoTime();
    Optional<Credential> c = credentials.find("ghcr.io");
    Duration took = Duration.ofNanos(System.nanoTime() - start);

    assertThat(c).isEmpty();
    assertThat(took).isBetween(Duration.ofMillis(900), Duration.ofSeconds(5));
    assertThat(fx.warnings)
        .singleElement()
        .asString()
        .contains("docker-credential-test")
        .contains("did not answer within 1 s");
  }

  @Test
  void missingHelperIsReportedByNameAndTheChainGoesOn() throws IOException {
    Path named = write(tmp.resolve("auth.json"), "{\"credHelpers\":{\"ghcr.io\":\"nope\"}}");
    write(dockerConfig, CredentialFixtures.auths("ghcr.io", "docker", "p"));

    Optional<Credential> c =
        DockerCredentials.of(fx.env().variable("REGISTRY_AUTH_FILE", named.toString()).build())
            .find("ghcr.io");

    assertThat(c).map(Credential::username).contains("docker");
    assertThat(fx.warnings)
        .singleElement()
        .asString()
        .contains("docker-credential-nope")
        .contains(named.toString())
        .contains("PATH");
  }

  @Test
  void helperThatIsNotExecutableIsMissing() throws IOException {
    Files.writeString(fx.bin.resolve("docker-credential-test"), "#!/bin/bash\necho '{}'\n");

    assertThat(chain("{\"credsStore\":\"test\"}").find("ghcr.io")).isEmpty();
    assertThat(fx.warnings).singleElement().asString().contains("docker-credential-test");
  }

  @Test
  void helperIsNotTakenFromARelativePathEntry() throws IOException {
    fx.answeringHelper("test", "alice", SECRET);
    write(dockerConfig, "{\"credsStore\":\"test\"}");
    DockerCredentials credentials =
        DockerCredentials.of(
            fx.env().variable("PATH", "relative/bin:" + tmp.resolve("empty")).build());

    assertThat(credentials.find("ghcr.io")).isEmpty();
    assertThat(fx.warnings).singleElement().asString().contains("not an executable on the PATH");
  }

  @Test
  void helperNameCannotBeAPath() throws IOException {
    fx.answeringHelper("test", "alice", SECRET);

    assertThat(chain("{\"credsStore\":\"../bin/docker-credential-test\"}").find("ghcr.io"))
        .isEmpty();
    assertThat(fx.runsOf("test")).isZero();
    assertThat(fx.warnings).singleElement().asString().contains("plain program-name suffix");
  }

  @Test
  void failingHelperReportsOnlyTheFirstLineOfStderr() throws IOException {
    fx.helper(
        "test",
        "echo 'stdout "
            + SECRET
            + "'\n"
            + "echo 'helper broke' >&2\n"
            + "echo 'stderr "
            + SECRET
            + "' >&2\n"
            + "exit 3");

    assertThat(chain("{\"credsStore\":\"test\"}").find("ghcr.io")).isEmpty();
    assertThat(fx.warnings)
        .singleElement()
        .asString()
        .contains("docker-credential-test")
        .contains("exit code 3: helper broke")
        .doesNotContain(SECRET);
  }

  @Test
  void helperAnswerThatIsNotJsonIsReportedWithoutItsText() throws IOException {
    fx.helper("test", "echo 'Username: alice Secret: " + SECRET + "'");

    assertThat(chain("{\"credsStore\":\"test\"}").find("ghcr.io")).isEmpty();
    assertThat(fx.warnings)
        .singleElement()
        .asString()
        .contains("docker-credential-test")
        .doesNotContain(SECRET);
  }

  @Test
  void helperAnswerWithoutSecretIsEmpty() throws IOException {
    fx.helper("test", "echo '{\"ServerURL\":\"ghcr.io\",\"Username\":\"\",\"Secret\":\"\"}'");

    assertThat(chain("{\"credsStore\":\"test\"}").find("ghcr.io")).isEmpty();
    assertThat(fx.warnings).isEmpty();
  }

  @Test
  void credsStoreIsTheDefaultForEveryHostAfterAuths() throws IOException {
    fx.answeringHelper("store", "from-store", SECRET);
    DockerCredentials credentials =
        chain(
            "{\"credsStore\":\"store\",\"auths\":{"
                + "\"ghcr.io\":{},"
                + "\"quay.io\":{\"auth\":\""
                + b64("from-auths:p")
                + "\"}}}");

    assertThat(credentials.find("ghcr.io")).map(Credential::username).contains("from-store");
    assertThat(fx.stdinOf("store")).isEqualTo("ghcr.io");
    assertThat(credentials.find("127.0.0.1:5000"))
        .map(Credential::source)
        .contains("credential helper docker-credential-store (credsStore in " + dockerConfig + ")");
    assertThat(fx.stdinOf("store")).isEqualTo("127.0.0.1:5000");
    assertThat(credentials.find("quay.io")).map(Credential::username).contains("from-auths");
  }

  @Test
  void dockerHubHelpersAreAskedForTheIndexUrl() throws IOException {
    fx.answeringHelper("hub", "alice", SECRET);
    DockerCredentials credentials =
        chain("{\"credHelpers\":{\"https://index.docker.io/v1/\":\"hub\"}}");

    assertThat(credentials.find("registry-1.docker.io"))
        .map(Credential::username)
        .contains("alice");
    assertThat(fx.stdinOf("hub")).isEqualTo("https://index.docker.io/v1/");
  }

  @org.junit.jupiter.params.ParameterizedTest
  @org.junit.jupiter.params.provider.ValueSource(
      strings = {"", ".", "-x", "_x", "../x", "a/b", "a b", "a\\b", "a\u00e9", "x;rm", "a\n"})
  void aHelperNameMustBeAPlainProgramNameSuffix(String name) {
    assertThat(CredentialHelper.isProgramSuffix(name)).isFalse();
  }

  @org.junit.jupiter.params.ParameterizedTest
  @org.junit.jupiter.params.provider.ValueSource(
      strings = {"a", "Z9", "0", "desktop", "ecr-login", "pass.v2", "osx_keychain", "a-._"})
  void plainProgramNameSuffixesAreHelperNames(String name) {
    assertThat(CredentialHelper.isProgramSuffix(name))
        .isEqualTo(name.matches("[A-Za-z0-9][A-Za-z0-9._-]*"))
        .isTrue();
  }
}
