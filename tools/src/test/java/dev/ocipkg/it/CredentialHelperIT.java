package dev.ocipkg.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ocipkg.internal.config.LoaderConfig;
import dev.ocipkg.internal.registry.Repository;
import dev.ocipkg.testing.RegistryServer;
import dev.ocipkg.testing.WrittenLayout;
import dev.ocipkg.tools.registry.RegistryClient;
import dev.ocipkg.tools.transfer.LayoutPusher;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Credentials the way Docker users have them: a {@code config.json} in {@code DOCKER_CONFIG} whose
 * {@code credHelpers} names a helper program on the PATH. A separate JVM with that environment
 * loads from a basic-auth registry with nothing configured in code.
 */
@Tag("java17")
class CredentialHelperIT {
  @Test
  void aCredHelperNamedInConfigJsonSuppliesTheCredentials(@TempDir Path work) throws Exception {
    try (RegistryServer registry = RegistryServer.builder().basicAuth().start()) {
      WrittenLayout layout = DemoArtifact.writeLayout(work);
      new LayoutPusher(
              new RegistryClient(
                  LoaderConfig.builder()
                      .credentials(registry.host(), registry.username(), registry.password())
                      .build()),
              0)
          .push(
              layout.directory(),
              DemoArtifact.TAG,
              new Repository(registry.host(), "acme/helped"),
              List.of("1"),
              null);

      Path bin = Files.createDirectories(work.resolve("bin"));
      Path asked = work.resolve("helper-was-asked-for.txt");
      Path helper = bin.resolve("docker-credential-ocipkgtest");
      Files.writeString(
          helper,
          "#!/bin/sh\n"
              + "read server\n"
              + "printf '%s' \"$server\" > '"
              + asked
              + "'\n"
              + "printf '{\"ServerURL\":\"%s\",\"Username\":\""
              + registry.username()
              + "\",\"Secret\":\""
              + registry.password()
              + "\"}' \"$server\"\n",
          StandardCharsets.UTF_8);
      Files.setPosixFilePermissions(helper, PosixFilePermissions.fromString("rwxr-xr-x"));
      Path dockerConfig = Files.createDirectories(work.resolve("docker"));
      Files.writeString(
          dockerConfig.resolve("config.json"),
          "{\"credHelpers\":{\"" + registry.host() + "\":\"ocipkgtest\"}}",
          StandardCharsets.UTF_8);

      Path output = work.resolve("jvm.log");
      Process jvm =
          JavaProcesses.start(
              output,
              Map.of(
                  "DOCKER_CONFIG", dockerConfig.toString(),
                  "PATH", bin + ":" + System.getenv("PATH"),
                  "HOME", work.toString()),
              LoadMain.class,
              work.resolve("cache").toString(),
              registry.reference("acme/helped:1"));
      assertThat(jvm.waitFor(120, TimeUnit.SECONDS)).isTrue();
      assertThat(jvm.exitValue()).as(Files.readString(output)).isZero();
      assertThat(Files.readString(asked)).isEqualTo(registry.host());
      assertThat(Files.readString(output)).doesNotContain(registry.password());
    }
  }
}
