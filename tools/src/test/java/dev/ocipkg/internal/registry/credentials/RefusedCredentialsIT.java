package dev.ocipkg.internal.registry.credentials;

import static dev.ocipkg.internal.registry.credentials.CredentialFixtures.auths;
import static dev.ocipkg.internal.registry.credentials.CredentialFixtures.write;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ocipkg.internal.config.LoaderConfig;
import dev.ocipkg.internal.io.ManualTime;
import dev.ocipkg.internal.registry.RegistryCaller;
import dev.ocipkg.internal.registry.RegistryException;
import dev.ocipkg.testing.RegistryExtension;
import dev.ocipkg.tools.registry.RegistryClient;
import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * A JVM that started with wrong or stale credentials (an expired helper token, a password changed
 * since) recovers once the user logs in again: the registry's refusal makes the client forget its
 * answer, so the next request reads the files anew, long before the answer's TTL runs out. Against
 * the real registry with htpasswd, and with a token service.
 */
class RefusedCredentialsIT {
  @RegisterExtension static final RegistryExtension basic = RegistryExtension.basicAuth();
  @RegisterExtension static final RegistryExtension token = RegistryExtension.tokenAuth();

  @TempDir Path tmp;

  @Test
  void basicAuthRecoversAfterALaterLogin() throws IOException {
    recoversAfterALaterLogin(basic);
  }

  @Test
  void tokenAuthRecoversAfterALaterLogin() throws IOException {
    recoversAfterALaterLogin(token);
  }

  private void recoversAfterALaterLogin(RegistryExtension registry) throws IOException {
    CredentialFixtures fx = new CredentialFixtures(tmp);
    Path config = fx.home.resolve(".docker/config.json");
    write(config, auths(registry.host(), registry.username(), "stale-" + registry.password()));
    RegistryClient client =
        new RegistryClient(
            new RegistryCaller(
                LoaderConfig.builder().cacheDir(tmp.resolve("cache")).build(),
                // A frozen clock: only the refusal can make the answer go.
                DockerCredentials.of(fx.env().time(new ManualTime()).build())));

    assertThatThrownBy(() -> client.checkLogin(registry.host()))
        .isInstanceOfSatisfying(
            RegistryException.class, e -> assertThat(e.status()).isEqualTo(401));

    write(config, auths(registry.host(), registry.username(), registry.password()));
    client.checkLogin(registry.host());
  }
}
