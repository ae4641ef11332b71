package dev.ocipkg.maven;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;
import org.apache.maven.plugin.MojoFailureException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GoalOptionsTest {
  @Test
  void chunkSizesTakeBinaryUnits() throws Exception {
    assertThat(PushMojo.parseSize("8MiB")).isEqualTo(8L << 20);
    assertThat(PushMojo.parseSize("512 KiB")).isEqualTo(512L << 10);
    assertThat(PushMojo.parseSize("1gib")).isEqualTo(1L << 30);
    assertThat(PushMojo.parseSize("65536")).isEqualTo(65536);
    assertThatThrownBy(() -> PushMojo.parseSize("8MB"))
        .isInstanceOf(MojoFailureException.class)
        .hasMessageStartingWith("<chunkSize>: ")
        .hasMessageContaining("\"8MB\"");
    // 0 is one monolithic upload, as --chunk-size 0 on the command line
    assertThat(PushMojo.parseSize("0")).isZero();
  }

  @Test
  void fetchedFoldersAreNamedAfterTheReference() {
    assertThat(FetchMojo.folderName("127.0.0.1:5000/acme/libfoo:1.0"))
        .isEqualTo("127.0.0.1_5000_acme_libfoo_1.0");
    assertThat(FetchMojo.folderName("ghcr.io/acme/libfoo@sha256:ab"))
        .isEqualTo("ghcr.io_acme_libfoo_sha256_ab");
  }

  @Test
  void signRefusesAnUnknownFormatAndAMissingKeyBeforeAnyRequest(@TempDir Path dir) {
    SignMojo bad = new SignMojo();
    bad.images = List.of("127.0.0.1:1/acme/x:1.0");
    bad.signingKey = dir.resolve("key.pem").toFile();
    bad.signatureFormat = "pgp";
    assertThatThrownBy(bad::execute)
        .isInstanceOf(MojoFailureException.class)
        .hasMessage("<signatureFormat> pgp is not a signature format: use bundle or simple");

    bad.signatureFormat = "bundle";
    assertThatThrownBy(bad::execute)
        .isInstanceOf(MojoFailureException.class)
        .hasMessageContaining("<signingKey> " + dir.resolve("key.pem") + " cannot be read")
        .hasMessageContaining("openssl genpkey");
  }
}
