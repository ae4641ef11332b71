package dev.ocipkg.maven;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.apache.maven.plugin.MojoFailureException;
import org.junit.jupiter.api.Test;

class GoalOptionsTest {
  @Test
  void chunkSizesTakeBinaryUnits() throws Exception {
    assertThat(PushMojo.parseSize("8MiB")).isEqualTo(8L << 20);
    assertThat(PushMojo.parseSize("512 KiB")).isEqualTo(512L << 10);
    assertThat(PushMojo.parseSize("1gib")).isEqualTo(1L << 30);
    assertThat(PushMojo.parseSize("65536")).isEqualTo(65536);
    assertThatThrownBy(() -> PushMojo.parseSize("8MB"))
        .isInstanceOf(MojoFailureException.class)
        .hasMessageContaining("\"8MB\"");
    assertThatThrownBy(() -> PushMojo.parseSize("0")).isInstanceOf(MojoFailureException.class);
  }

  @Test
  void fetchedFoldersAreNamedAfterTheReference() {
    assertThat(FetchMojo.folderName("127.0.0.1:5000/acme/libfoo:1.0"))
        .isEqualTo("127.0.0.1_5000_acme_libfoo_1.0");
    assertThat(FetchMojo.folderName("ghcr.io/acme/libfoo@sha256:ab"))
        .isEqualTo("ghcr.io_acme_libfoo_sha256_ab");
  }
}
