package dev.ocipkg.internal.oci;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class MediaTypesTest {
  @Test
  void acceptHeaderListsIndexesAndManifestsButNoSchema1() {
    assertThat(MediaTypes.MANIFEST_ACCEPT.split(", "))
        .containsExactly(
            MediaTypes.OCI_INDEX,
            MediaTypes.OCI_MANIFEST,
            MediaTypes.DOCKER_MANIFEST_LIST,
            MediaTypes.DOCKER_MANIFEST);
  }

  @Test
  void classifiesContentTypesWithParametersAndCase() {
    assertThat(MediaTypes.isIndex("Application/VND.oci.image.index.v1+json; charset=utf-8"))
        .isTrue();
    assertThat(MediaTypes.isIndex(MediaTypes.DOCKER_MANIFEST_LIST)).isTrue();
    assertThat(MediaTypes.isIndex(MediaTypes.OCI_MANIFEST)).isFalse();
    assertThat(MediaTypes.isIndex(null)).isFalse();
    assertThat(MediaTypes.isManifest(" " + MediaTypes.DOCKER_MANIFEST + " ")).isTrue();
    assertThat(MediaTypes.isManifest(MediaTypes.DOCKER_SCHEMA1_SIGNED_MANIFEST)).isFalse();
    assertThat(MediaTypes.isManifest("application/json")).isFalse();
    assertThat(MediaTypes.essence("  ; x=y")).isNull();
  }
}
