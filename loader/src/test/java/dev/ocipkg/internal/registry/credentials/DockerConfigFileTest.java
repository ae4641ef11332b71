package dev.ocipkg.internal.registry.credentials;

import static dev.ocipkg.internal.registry.credentials.CredentialFixtures.SECRET;
import static dev.ocipkg.internal.registry.credentials.CredentialFixtures.b64;
import static dev.ocipkg.internal.registry.credentials.CredentialFixtures.write;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.DisabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

class DockerConfigFileTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path tmp;

  private static JsonNode read(Path file) throws IOException {
    return JSON.readTree(Files.readAllBytes(file));
  }

  @Test
  void storeCreatesTheFileAndWhatItStoresIsFound() throws IOException {
    Path config = tmp.resolve("home/.docker/config.json");

    DockerConfigFile.store(config, "ghcr.io", "alice", "pa:ss" + SECRET);

    assertThat(read(config).at("/auths/ghcr.io/auth").asText())
        .isEqualTo(b64("alice:pa:ss" + SECRET));
    Credential found =
        DockerCredentials.of(Environment.builder(tmp.resolve("home")).warnings(w -> {}).build())
            .find("ghcr.io")
            .orElseThrow();
    assertThat(found.secret()).isEqualTo("pa:ss" + SECRET);
    try (Stream<Path> files = Files.list(config.getParent())) {
      assertThat(files).containsExactly(config); // no temporary file left behind
    }
  }

  @Test
  @DisabledOnOs(OS.WINDOWS)
  void fileIsOwnerOnly() throws IOException {
    Path config = tmp.resolve("new/config.json");
    DockerConfigFile.store(config, "ghcr.io", "alice", "p");
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(config)))
        .isEqualTo("rw-------");
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(config.getParent())))
        .isEqualTo("rwx------");

    Path existing = write(tmp.resolve("existing.json"), "{}");
    Files.setPosixFilePermissions(existing, PosixFilePermissions.fromString("rw-r--r--"));
    DockerConfigFile.store(existing, "ghcr.io", "alice", "p");
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(existing)))
        .isEqualTo("rw-------");
  }

  @Test
  void storeKeepsEveryOtherField() throws IOException {
    Path config =
        write(
            tmp.resolve("config.json"),
            "{\"credsStore\":\"desktop\",\"credHelpers\":{\"gcr.io\":\"gcloud\"},"
                + "\"proxies\":{\"default\":{\"httpProxy\":\"http://proxy:3128\"}},"
                + "\"auths\":{\"quay.io\":{\"auth\":\"cXVheTpw\"},"
                + "\"https://ghcr.io/v1/\":{\"auth\":\"b2xkOm9sZA==\"},"
                + "\"ghcr.io\":{\"identitytoken\":\"old\",\"email\":\"a@example.com\"}},"
                + "\"experimental\":\"enabled\"}");

    DockerConfigFile.store(config, "ghcr.io", "alice", "p");

    JsonNode root = read(config);
    assertThat(root.get("credsStore").asText()).isEqualTo("desktop");
    assertThat(root.at("/credHelpers/gcr.io").asText()).isEqualTo("gcloud");
    assertThat(root.at("/proxies/default/httpProxy").asText()).isEqualTo("http://proxy:3128");
    assertThat(root.get("experimental").asText()).isEqualTo("enabled");
    assertThat(root.at("/auths/quay.io/auth").asText()).isEqualTo("cXVheTpw");
    assertThat(root.get("auths").has("https://ghcr.io/v1/")).isFalse();
    JsonNode entry = root.get("auths").get("ghcr.io");
    assertThat(entry.get("auth").asText()).isEqualTo(b64("alice:p"));
    assertThat(entry.get("email").asText()).isEqualTo("a@example.com");
    assertThat(entry.has("identitytoken")).isFalse();
  }

  @Test
  void theFileIsWrittenInTheLayoutDatabindsPrinterGaveIt() throws IOException {
    Path config =
        write(
            tmp.resolve("config.json"),
            "{\"auths\":{\"quay.io\":{\"auth\":\"cXVheTpw\"}},\"n\":[1,2.5,true,null,{}],"
                + "\"s\":\"caf\\u00e9 \\\"q\\\" \\u0001\"}");

    DockerConfigFile.store(config, "ghcr.io", "alice", "p");

    JsonNode written = read(config);
    String expected = JSON.writerWithDefaultPrettyPrinter().writeValueAsString(written) + "\n";
    assertThat(Files.readString(config)).isEqualTo(expected);
  }

  @Test
  void dockerHubIsStoredUnderTheIndexUrl() throws IOException {
    Path config = tmp.resolve("config.json");

    DockerConfigFile.store(config, "docker.io", "alice", "p");

    assertThat(read(config).get("auths").fieldNames())
        .toIterable()
        .containsExactly("https://index.docker.io/v1/");
  }

  @Test
  void removeTakesEveryKeyOfTheHostAndNothingElse() throws IOException {
    Path config =
        write(
            tmp.resolve("config.json"),
            "{\"auths\":{\"ghcr.io\":{},\"https://ghcr.io/v1/\":{},\"ghcr.io:5000\":{},"
                + "\"quay.io\":{}},\"credsStore\":\"desktop\"}");

    assertThat(DockerConfigFile.remove(config, "ghcr.io")).isTrue();

    JsonNode root = read(config);
    assertThat(root.get("auths").fieldNames())
        .toIterable()
        .containsExactly("ghcr.io:5000", "quay.io");
    assertThat(root.get("credsStore").asText()).isEqualTo("desktop");
    assertThat(DockerConfigFile.remove(config, "ghcr.io")).isFalse();
  }

  @Test
  void removeFromNothingChangesNothing() throws IOException {
    Path missing = tmp.resolve("missing.json");
    assertThat(DockerConfigFile.remove(missing, "ghcr.io")).isFalse();
    assertThat(missing).doesNotExist();

    Path noAuths = write(tmp.resolve("config.json"), "{\"credsStore\":\"x\"}");
    assertThat(DockerConfigFile.remove(noAuths, "ghcr.io")).isFalse();
    assertThat(noAuths).hasContent("{\"credsStore\":\"x\"}");
  }

  @Test
  @DisabledOnOs(OS.WINDOWS)
  void storeFollowsASymbolicLink() throws IOException {
    Path real = write(tmp.resolve("dotfiles/config.json"), "{}");
    Path link = Files.createDirectories(tmp.resolve(".docker")).resolve("config.json");
    Files.createSymbolicLink(link, real);

    DockerConfigFile.store(link, "ghcr.io", "alice", "p");

    assertThat(Files.isSymbolicLink(link)).isTrue();
    assertThat(read(real).at("/auths/ghcr.io/auth").asText()).isEqualTo(b64("alice:p"));
  }

  @Test
  void malformedFileIsNotOverwritten() throws IOException {
    String broken = "{\"auths\": {\"ghcr.io\": " + SECRET;
    Path config = write(tmp.resolve("config.json"), broken);

    assertThatThrownBy(() -> DockerConfigFile.store(config, "ghcr.io", "alice", "p"))
        .isInstanceOf(IOException.class)
        .hasMessageContaining(config.toString())
        .hasMessageContaining("not valid JSON")
        .hasMessageNotContaining(SECRET)
        .hasNoCause();
    assertThat(config).hasContent(broken);
  }

  @Test
  void aFileWithMoreAfterItsObjectIsNotOverwritten() throws IOException {
    // Docker refuses it too; rewriting it would drop the second half.
    String twice = "{\"auths\":{}}\n{\"credsStore\":\"desktop\"}\n";
    Path config = write(tmp.resolve("config.json"), twice);

    assertThatThrownBy(() -> DockerConfigFile.store(config, "ghcr.io", "alice", "p"))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("not valid JSON");
    assertThat(config).hasContent(twice);
  }

  @Test
  void badArgumentsAreRejectedWithoutThePassword() {
    Path config = tmp.resolve("config.json");
    assertThatThrownBy(() -> DockerConfigFile.store(config, "ghcr.io", "a:b", SECRET))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageNotContaining(SECRET);
    assertThatThrownBy(() -> DockerConfigFile.store(config, " ", "a", SECRET))
        .isInstanceOf(IllegalArgumentException.class);
    assertThat(config).doesNotExist();
  }
}
