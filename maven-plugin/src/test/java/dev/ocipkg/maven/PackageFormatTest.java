package dev.ocipkg.maven;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ocipkg.testing.RustOcipkg;
import dev.ocipkg.testlibs.NativeTestLibs;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.project.MavenProject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code ocipkg:package}'s format and architecture options, run in this JVM. */
class PackageFormatTest {
  @TempDir Path work;

  private PackageMojo mojo(String platform, Path file) {
    MavenProject project = new MavenProject();
    project.setFile(work.resolve("pom.xml").toFile());
    project.setVersion("1.0.0");
    PlatformFolder folder = new PlatformFolder();
    folder.name = platform;
    folder.directory = file.toFile();
    PackageMojo mojo = new PackageMojo();
    mojo.project = project;
    mojo.platforms = List.of(folder);
    mojo.tag = "1.0.0";
    mojo.format = "index";
    mojo.checkArchitecture = true;
    mojo.layout = work.resolve("layout").toFile();
    mojo.archiveDirectory = work.toFile();
    mojo.annotations = new LinkedHashMap<>();
    return mojo;
  }

  @Test
  void theManifestFormatWritesWhatTheRustOcipkgReads() throws Exception {
    PackageMojo mojo = mojo(NativeTestLibs.platform(), NativeTestLibs.demo());
    mojo.format = "manifest";
    assertThatThrownBy(mojo::execute)
        .isInstanceOf(MojoFailureException.class)
        .hasMessageContaining("<imageName>");
    mojo.imageName = "localhost:5000/acme/libfoo:1.0.0";
    mojo.execute();
    RustOcipkg.Read read = RustOcipkg.readLayout(work.resolve("layout"));
    assertThat(read.imageName()).isEqualTo("localhost:5000/acme/libfoo:1.0.0");
    assertThat(read.files().get("libocipkg_demo.so"))
        .isEqualTo(Files.readAllBytes(NativeTestLibs.demo()));
  }

  @Test
  void aLibraryOfAnotherMachineFailsUnlessTheCheckIsOff() throws Exception {
    String other = NativeTestLibs.platform().equals("linux/amd64") ? "linux/arm64" : "linux/amd64";
    PackageMojo mojo = mojo(other, NativeTestLibs.demo());
    assertThatThrownBy(mojo::execute)
        .hasMessageContaining("packed under " + other)
        .hasMessageContaining("<checkArchitecture>false");
    mojo.checkArchitecture = false;
    mojo.execute();
    assertThat(work.resolve("layout/index.json")).exists();

    PackageMojo typo = mojo("linux/amd46", NativeTestLibs.demo());
    assertThatThrownBy(typo::execute)
        .isInstanceOf(MojoFailureException.class)
        .hasMessageContaining("unknown architecture \"amd46\"");
  }
}
