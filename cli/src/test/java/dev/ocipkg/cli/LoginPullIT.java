package dev.ocipkg.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ocipkg.testing.OciLayoutWriter;
import dev.ocipkg.testing.RegistryExtension;
import dev.ocipkg.testing.Skopeo;
import dev.ocipkg.testing.WrittenLayout;
import dev.ocipkg.testlibs.NativeTestLibs;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code login} then {@code pull} against the htpasswd registry, through the real shaded jar in a
 * child process whose {@code DOCKER_CONFIG} names a folder of this test: the same variable that
 * docker, skopeo and podman read.
 */
class LoginPullIT {
  @RegisterExtension static final RegistryExtension registry = RegistryExtension.basicAuth();

  @TempDir Path work;

  @Test
  void loginThenPullThenLogout() throws Exception {
    Path libs = work.resolve("libs");
    NativeTestLibs.copyPackageTo(libs);
    WrittenLayout layout =
        OciLayoutWriter.create()
            .tag("1.0")
            .platform(NativeTestLibs.platform(), libs)
            .write(work.resolve("layout"));
    Skopeo.locate().copyAll(layout.directory(), "1.0", registry.server(), "acme/private:1.0");
    String reference = registry.reference("acme/private:1.0");

    Path dockerConfig = work.resolve("docker-config");
    ShadedJar cli =
        new ShadedJar(
            Files.createDirectories(work.resolve("home")),
            Map.of("DOCKER_CONFIG", dockerConfig.toString()));

    Cli anonymous = cli.run("", "pull", reference, work.resolve("denied").toString());
    assertThat(anonymous.exitCode()).as(anonymous.toString()).isEqualTo(1);
    assertThat(anonymous.errLines()).hasSize(2);
    assertThat(anonymous.errLines().get(0)).startsWith("ocipkg: error: ");
    assertThat(anonymous.errLines().get(1)).startsWith("hint: ");

    Cli login =
        cli.run(
            registry.password() + "\n",
            "login",
            registry.host(),
            "--username",
            registry.username(),
            "--password-stdin");
    assertThat(login.exitCode()).as(login.toString()).isZero();
    assertThat(login.out()).contains("stored in " + dockerConfig.resolve("config.json"));
    JsonNode config = new ObjectMapper().readTree(dockerConfig.resolve("config.json").toFile());
    assertThat(config.at("/auths").fieldNames().next()).contains(registry.host());
    String auth = config.at("/auths").elements().next().path("auth").asText();
    assertThat(new String(Base64.getDecoder().decode(auth)))
        .isEqualTo(registry.username() + ":" + registry.password());
    assertThat(login.out() + login.err()).doesNotContain(registry.password());

    Path out = work.resolve("out");
    Cli pull = cli.run("", "pull", reference, out.toString());
    assertThat(pull.exitCode()).as(pull.toString()).isZero();
    assertThat(pull.out()).contains(layout.manifest(NativeTestLibs.platform()).digest());
    String layer = layout.manifest(NativeTestLibs.platform()).layerDigest();
    assertThat(pull.errLines())
        .as("a line per downloaded blob, no bars: the output is not a terminal")
        .anySatisfy(line -> assertThat(line).startsWith("pulled").contains(layer.substring(0, 19)))
        .noneSatisfy(line -> assertThat(line).contains("["));
    assertThat(Files.readAllBytes(out.resolve("libocipkg_demo.so")))
        .isEqualTo(Files.readAllBytes(libs.resolve("libocipkg_demo.so")));

    Cli logout = cli.run("", "logout", registry.host());
    assertThat(logout.exitCode()).as(logout.toString()).isZero();
    Cli after = cli.run("", "resolve", reference);
    assertThat(after.exitCode()).as(after.toString()).isEqualTo(1);
  }

  @Test
  void theShadedJarRunsAndReportsBadArgumentsWithExitCode2() throws Exception {
    ShadedJar cli = new ShadedJar(Files.createDirectories(work.resolve("home")), Map.of());
    Cli version = cli.run("", "--version");
    assertThat(version.exitCode()).as(version.toString()).isZero();
    assertThat(version.out()).startsWith("ocipkg ");
    Cli bad = cli.run("", "pack", "--platform", "plan9=dir", "--output", "x");
    assertThat(bad.exitCode()).as(bad.toString()).isEqualTo(2);
    assertThat(bad.errLines()).hasSize(2);
    assertThat(bad.errLines().get(0)).contains("invalid platform \"plan9\"");
  }
}
