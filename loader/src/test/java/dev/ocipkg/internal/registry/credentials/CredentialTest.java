package dev.ocipkg.internal.registry.credentials;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class CredentialTest {
  @Test
  void toStringRedactsTheSecret() {
    Credential c =
        Credential.password("alice", CredentialFixtures.SECRET, "explicit configuration");

    assertThat(c)
        .hasToString(
            "Credential[username=alice, secret=****, kind=PASSWORD,"
                + " source=explicit configuration]");
    assertThat(Credential.identityToken(CredentialFixtures.SECRET, "s").toString())
        .doesNotContain(CredentialFixtures.SECRET)
        .contains("username=<token>", "IDENTITY_TOKEN");
  }

  @Test
  void dockerHubHasThreeNames() {
    assertThat(RegistryHosts.serverUrl("docker.io")).isEqualTo("https://index.docker.io/v1/");
    assertThat(RegistryHosts.serverUrl("registry-1.docker.io"))
        .isEqualTo("https://index.docker.io/v1/");
    assertThat(RegistryHosts.serverUrl("ghcr.io")).isEqualTo("ghcr.io");
    assertThat(RegistryHosts.normalise("HTTPS://Index.Docker.IO/v1/")).isEqualTo("docker.io");
  }
}
