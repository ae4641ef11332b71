package dev.ocipkg.maven;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ocipkg.NativeLoader;
import dev.ocipkg.NativePackage;
import dev.ocipkg.testing.RegistryExtension;
import dev.ocipkg.testing.Skopeo;
import dev.ocipkg.testlibs.NativeTestLibs;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The plugin as a user runs it: a sample project built by a child {@code mvn} whose local
 * repository ({@code target/it-repo}, filled by maven-invoker-plugin's {@code install} goal) holds
 * this plugin and its dependencies, against a real registry with basic auth whose credentials come
 * from the sample's {@code settings.xml}.
 */
class PluginIT {
  private static final ObjectMapper JSON = new ObjectMapper();

  @RegisterExtension static final RegistryExtension registry = RegistryExtension.basicAuth();

  @TempDir Path work;

  private final String host = NativeTestLibs.platform();
  private final String other = host.equals("linux/amd64") ? "linux/arm64" : "linux/amd64";

  @Test
  void packagesPushesAndFetchesASampleProject() throws Exception {
    Path project = sampleProject();
    String repository = registry.host() + "/acme/sample";

    String commit = commit(project);
    MavenRuns.Run first =
        mvn(project, "package", "ocipkg:push", "-Docipkg.repository=" + repository);
    assertThat(first.output())
        .contains("Wrote oci-archive")
        .contains("Using credentials of settings.xml server '" + registry.host() + "'")
        .contains("tags [1.0.0, " + commit + "]");
    System.out.println(first.output());
    Path archive = onlyArchive(project);
    byte[] archiveBytes = Files.readAllBytes(archive);

    // The registry has an index with the three platforms, the archive named after its digest.
    byte[] raw = Skopeo.locate().inspectRaw(registry.server(), "acme/sample:1.0.0");
    JsonNode index = JSON.readTree(raw);
    List<String> platforms = new ArrayList<>();
    for (JsonNode m : index.path("manifests")) {
      platforms.add(m.at("/platform/os").asText() + "/" + m.at("/platform/architecture").asText());
    }
    assertThat(platforms).containsExactly("linux/amd64", "linux/arm64", "darwin/arm64");
    String digest = "sha256:" + sha256(raw);
    assertThat(Skopeo.locate().inspectRaw(registry.server(), "acme/sample:" + commit))
        .isEqualTo(raw);
    assertThat(archive.getFileName().toString())
        .isEqualTo("ocipkg_" + digest.substring(7, 23) + ".tar");
    assertThat(index.at("/annotations/org.opencontainers.image.version").asText())
        .isEqualTo("1.0.0");
    assertThat(index.at("/annotations/org.opencontainers.image.source").asText())
        .isEqualTo("https://example.com/acme/libfoo");
    assertThat(index.at("/annotations/org.opencontainers.image.licenses").asText())
        .isEqualTo("Apache-2.0");

    // The loader loads what the plugin pushed.
    NativePackage pkg =
        NativeLoader.builder()
            .cacheDir(work.resolve("loader-cache"))
            .credentials(registry.host(), registry.username(), registry.password())
            .build()
            .open(registry.reference("acme/sample:1.0.0"));
    assertThat(pkg.library("ocipkg_demo")).exists();
    assertThat(pkg.digest().toString())
        .isEqualTo(index.path("manifests").get(platforms.indexOf(host)).path("digest").asText());

    // Packing again gives the same archive, byte for byte.
    mvn(project, "package");
    assertThat(onlyArchive(project)).isEqualTo(archive);
    assertThat(Files.readAllBytes(archive)).isEqualTo(archiveBytes);

    // fetch copies the image into target/ocipkg/fetched; offline it uses that copy.
    String ref = repository + ":1.0.0";
    Path fetched = project.resolve("target/ocipkg/fetched").resolve(FetchMojo.folderName(ref));
    mvn(project, "ocipkg:fetch", "-Docipkg.images=" + ref);
    assertThat(fetched.resolve("blobs/sha256").resolve(digest.substring(7))).hasBinaryContent(raw);
    MavenRuns.Run offline = mvn(project, "-o", "ocipkg:fetch", "-Docipkg.images=" + ref);
    assertThat(offline.output()).contains("Offline: using");

    // A later commit does not change the commit tag of what was built before.
    Files.writeString(project.resolve("CHANGES"), "later");
    git(project, "add", "CHANGES");
    git(
        project,
        "-c",
        "user.name=it",
        "-c",
        "user.email=it@example.com",
        "commit",
        "-q",
        "-m",
        "y");
    String later = git(project, "rev-parse", "--short", "HEAD").strip();
    MavenRuns.Run again =
        mvn(project, "ocipkg:push", "-Docipkg.repository=" + repository + "-again");
    assertThat(again.output()).contains("tags [1.0.0, " + commit + "]").doesNotContain(later);

    // Without credentials, the failure says which settings.xml server would give them.
    MavenRuns.Run refused =
        mvn(
            project,
            "no-credentials.xml",
            false,
            "ocipkg:push",
            "-Docipkg.repository=" + repository + "-refused");
    assertThat(refused.exitCode()).isNotZero();
    assertThat(refused.output()).contains("<server><id>" + registry.host() + "</id>");
  }

  /** Makes the sample a git checkout with one commit; returns its short hash. */
  private static String commit(Path project) throws Exception {
    git(project, "init", "-q");
    git(project, "add", "pom.xml");
    git(
        project,
        "-c",
        "user.name=it",
        "-c",
        "user.email=it@example.com",
        "commit",
        "-q",
        "-m",
        "x");
    return git(project, "rev-parse", "--short", "HEAD").strip();
  }

  private static String git(Path dir, String... args) throws Exception {
    List<String> command = new ArrayList<>(List.of("git"));
    command.addAll(List.of(args));
    Process p =
        new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor()).as("%s: %s", command, out).isZero();
    return out;
  }

  /**
   * The sample is the README's POM snippet ({@code readme-sample-pom.xml}) as it is, with the
   * native test libraries in the folders it names; only the registry comes from the command line.
   */
  private Path sampleProject() throws IOException {
    Path project = Files.createDirectories(work.resolve("sample"));
    NativeTestLibs.copyPackageTo(project.resolve("native").resolve(folderOf(host)));
    Path foreign = Files.createDirectories(project.resolve("native").resolve(folderOf(other)));
    Files.copy(NativeTestLibs.wrongArchitecture(), foreign.resolve("libocipkg_demo.so"));
    Path mac = Files.createDirectories(project.resolve("native/darwin-arm64"));
    Files.writeString(mac.resolve("libocipkg_demo.dylib"), "not really a Mach-O file");
    String pom;
    try (var in = PluginIT.class.getResourceAsStream("/readme-sample-pom.xml")) {
      pom = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
    assertThat(pom)
        .as("the README snippet names the plugin's version; update it and the README together")
        .contains("<version>" + System.getProperty("ocipkg.it.pluginVersion") + "</version>");
    Files.writeString(project.resolve("pom.xml"), pom);
    Files.writeString(project.resolve("settings.xml"), settings(true));
    Files.writeString(project.resolve("no-credentials.xml"), settings(false));
    return project;
  }

  private static String folderOf(String platform) {
    return platform.replace('/', '-');
  }

  private String settings(boolean withServer) {
    return """
        <settings>
          <servers>
            %s
          </servers>
        </settings>
        """
        .formatted(
            withServer
                ? "<server><id>%s</id><username>%s</username><password>%s</password></server>"
                    .formatted(registry.host(), registry.username(), registry.password())
                : "");
  }

  private MavenRuns.Run mvn(Path project, String... goals) throws Exception {
    return mvn(project, "settings.xml", true, goals);
  }

  private MavenRuns.Run mvn(Path project, String settings, boolean mustSucceed, String... goals)
      throws Exception {
    return MavenRuns.mvn(work, project, settings, mustSucceed, goals);
  }

  private static Path onlyArchive(Path project) throws IOException {
    try (Stream<Path> files = Files.list(project.resolve("target"))) {
      List<Path> archives =
          files
              .filter(p -> p.getFileName().toString().matches("ocipkg_[0-9a-f]{16}\\.tar"))
              .toList();
      assertThat(archives).hasSize(1);
      return archives.get(0);
    }
  }

  private static String sha256(byte[] bytes) throws Exception {
    return java.util.HexFormat.of()
        .formatHex(java.security.MessageDigest.getInstance("SHA-256").digest(bytes));
  }
}
