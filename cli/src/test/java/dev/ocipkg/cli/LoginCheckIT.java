package dev.ocipkg.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ocipkg.testing.Fault;
import dev.ocipkg.testing.FaultProxy;
import dev.ocipkg.testing.RegistryExtension;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code ocipkg login} asks the registry before it stores anything: against the real registry with
 * htpasswd, and with a token service (where the token service is the one that judges).
 */
class LoginCheckIT {
  @RegisterExtension static final RegistryExtension basic = RegistryExtension.basicAuth();
  @RegisterExtension static final RegistryExtension token = RegistryExtension.tokenAuth();

  @TempDir Path work;
  Path dockerConfig;
  ShadedJar cli;

  @BeforeEach
  void cli() throws Exception {
    dockerConfig = work.resolve("docker-config");
    cli =
        new ShadedJar(
            Files.createDirectories(work.resolve("home")),
            Map.of("DOCKER_CONFIG", dockerConfig.toString()));
  }

  @Test
  void aWrongPasswordIsRefusedAndNothingIsStored() throws Exception {
    Cli login = login(basic, "not-" + basic.password());

    assertThat(login.exitCode()).as(login.toString()).isEqualTo(1);
    assertThat(login.errLines()).hasSize(2);
    assertThat(login.errLines().get(0))
        .startsWith("ocipkg: error: the registry " + basic.host() + " did not accept the login")
        .contains("HTTP 401")
        .contains("credentials of " + basic.username() + " from the command line")
        .endsWith("nothing was stored");
    assertThat(login.errLines().get(1)).startsWith("hint: check the user name and the password");
    assertThat(login.out() + login.err()).doesNotContain(basic.password());
    assertThat(dockerConfig.resolve("config.json")).doesNotExist();
  }

  @Test
  void theRightPasswordIsCheckedThenStored() throws Exception {
    Cli login = login(basic, basic.password());

    assertThat(login.exitCode()).as(login.toString()).isZero();
    assertThat(Files.readString(dockerConfig.resolve("config.json"))).contains(basic.host());
    assertThat(basic.server().accessLog().count("GET", "/v2/")).isPositive();
  }

  @Test
  void noCheckStoresWithoutAskingTheRegistry() throws Exception {
    basic.server().accessLog().clear();
    Cli login = login(basic, "not-" + basic.password(), "--no-check");

    assertThat(login.exitCode()).as(login.toString()).isZero();
    assertThat(Files.readString(dockerConfig.resolve("config.json"))).contains(basic.host());
    assertThat(basic.server().accessLog().entries()).isEmpty();
  }

  @Test
  void aTokenServiceJudgesTheCredentialsOfATokenRegistry() throws Exception {
    Cli refused = login(token, "not-" + token.password());
    assertThat(refused.exitCode()).as(refused.toString()).isEqualTo(1);
    assertThat(refused.errLines().get(0))
        .contains("token service")
        .contains("refused the credentials of " + token.username() + " from the command line")
        .endsWith("nothing was stored");
    assertThat(dockerConfig.resolve("config.json")).doesNotExist();

    Cli accepted = login(token, token.password());
    assertThat(accepted.exitCode()).as(accepted.toString()).isZero();
    assertThat(Files.readString(dockerConfig.resolve("config.json"))).contains(token.host());
  }

  @Test
  void aServerThatIsNotARegistryIsSaidToBeOne() throws Exception {
    try (FaultProxy proxy = FaultProxy.inFrontOf(basic.server())) {
      proxy.rule(Fault.status(404).on("GET", "/v2/").always());
      Cli login =
          cli.run("secret\n", "login", proxy.host(), "--username", "someone", "--password-stdin");

      assertThat(login.exitCode()).as(login.toString()).isEqualTo(1);
      assertThat(login.errLines()).hasSize(2);
      assertThat(login.errLines().get(0)).contains("HTTP 404").endsWith("nothing was stored");
      assertThat(login.errLines().get(1))
          .isEqualTo(
              "hint: is "
                  + proxy.host()
                  + " an OCI registry? Its /v2/ answered HTTP 404; --no-check stores credentials"
                  + " without asking it");
    }
    assertThat(dockerConfig.resolve("config.json")).doesNotExist();
  }

  @Test
  void anUnreachableRegistryIsAFailureThatStoresNothing() throws Exception {
    int closedPort;
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      closedPort = socket.getLocalPort();
    }
    ShadedJar noRetries =
        new ShadedJar(
            work.resolve("home"),
            Map.of("DOCKER_CONFIG", dockerConfig.toString(), "OCIPKG_RETRIES", "0"));
    Cli login =
        noRetries.run(
            "secret\n",
            "login",
            "127.0.0.1:" + closedPort,
            "--username",
            "someone",
            "--password-stdin");

    assertThat(login.exitCode()).as(login.toString()).isEqualTo(1);
    assertThat(login.errLines()).hasSize(2);
    assertThat(login.errLines().get(1)).contains("check the registry host and port");
    assertThat(dockerConfig.resolve("config.json")).doesNotExist();
  }

  private Cli login(RegistryExtension registry, String password, String... more) throws Exception {
    String[] args = new String[5 + more.length];
    args[0] = "login";
    args[1] = registry.host();
    args[2] = "--username";
    args[3] = registry.username();
    args[4] = "--password-stdin";
    System.arraycopy(more, 0, args, 5, more.length);
    return cli.run(password + "\n", args);
  }
}
