package dev.ocipkg.internal.oci;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.ocipkg.Digest;
import dev.ocipkg.Platform;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

class PlatformMatcherTest {
  private static final Platform LINUX_AMD64 = Platform.parse("linux/amd64");
  private static final Platform LINUX_ARM = Platform.parse("linux/arm");

  /** A probe that fails the test when asked anything. */
  private static final HostProbe NO_PROBING =
      new HostProbe() {
        @Override
        public int amd64Level() {
          throw new AssertionError("probed the CPU level");
        }

        @Override
        public int armVersion() {
          throw new AssertionError("probed the ARM version");
        }

        @Override
        public boolean musl() {
          throw new AssertionError("probed the C library");
        }
      };

  /** A probe with fixed answers. */
  private record FakeProbe(int amd64Level, int armVersion, boolean musl) implements HostProbe {}

  private static final FakeProbe GLIBC_V1 = new FakeProbe(1, 7, false);
  private static final FakeProbe GLIBC_V3 = new FakeProbe(3, 7, false);
  private static final FakeProbe MUSL_V3 = new FakeProbe(3, 7, true);

  private static int counter;

  /** An index entry for {@code platform} ({@code os/arch[/variant]}, as written in the JSON). */
  private static Descriptor entry(@Nullable String platform) {
    return entry(platform, null);
  }

  private static Descriptor entry(@Nullable String platform, @Nullable String libc) {
    Platform parsed = null;
    if (platform != null) {
      String[] parts = platform.split("/");
      parsed = Platform.of(parts[0], parts[1], parts.length > 2 ? parts[2] : null);
    }
    String name = platform + " " + libc + " " + counter++;
    return new Descriptor(
        MediaTypes.OCI_MANIFEST,
        Digest.sha256(name.getBytes(StandardCharsets.UTF_8)),
        785,
        parsed,
        libc == null ? Map.of() : Map.of(Annotations.LIBC, libc),
        null,
        List.of());
  }

  private static ImageIndex index(Descriptor... entries) {
    return new ImageIndex(MediaTypes.OCI_INDEX, List.of(entries), Map.of(), null);
  }

  @Test
  void choosesExactPlatformFromOcipkgIndex() {
    ImageIndex index = Fixtures.index("ocipkg-index.json");

    assertThat(PlatformMatcher.forPlatform(Platform.parse("linux/arm64")).choose(index))
        .isSameAs(index.manifests().get(1));
    assertThat(PlatformMatcher.forPlatform(Platform.parse("darwin/arm64")).choose(index))
        .isSameAs(index.manifests().get(2));
    assertThat(PlatformMatcher.forHost(LINUX_AMD64, NO_PROBING).choose(index))
        .isSameAs(index.manifests().get(0));
  }

  @Test
  void x86_64IsAmd64OnBothSides() {
    Descriptor x86_64 = entry("linux/x86_64");
    assertThat(PlatformMatcher.forPlatform(LINUX_AMD64).choose(index(entry("linux/arm64"), x86_64)))
        .isSameAs(x86_64);

    Descriptor amd64 = entry("linux/amd64");
    Platform host = Platform.of("Linux", "x86_64", null);
    assertThat(PlatformMatcher.forHost(host, NO_PROBING).choose(index(amd64))).isSameAs(amd64);
  }

  @Test
  void arm64AndArm64V8AreTheSameBothWays() {
    ImageIndex dockerList = Fixtures.index("docker-manifest-list.json"); // lists linux/arm64/v8
    assertThat(PlatformMatcher.forPlatform(Platform.parse("linux/arm64")).choose(dockerList))
        .isSameAs(dockerList.manifests().get(3));
    assertThat(
            PlatformMatcher.forHost(Platform.parse("linux/aarch64"), NO_PROBING).choose(dockerList))
        .isSameAs(dockerList.manifests().get(3));

    ImageIndex ocipkg = Fixtures.index("ocipkg-index.json"); // lists plain linux/arm64
    assertThat(PlatformMatcher.forPlatform(Platform.parse("linux/arm64/v8")).choose(ocipkg))
        .isSameAs(ocipkg.manifests().get(1));
  }

  @Test
  void amd64V3HostPrefersV3ThenLowerLevelsThenNone() {
    Descriptor none = entry("linux/amd64");
    Descriptor v1 = entry("linux/amd64/v1");
    Descriptor v2 = entry("linux/amd64/v2");
    Descriptor v3 = entry("linux/amd64/v3");
    Descriptor v4 = entry("linux/amd64/v4");
    PlatformMatcher v3Host = PlatformMatcher.forHost(LINUX_AMD64, GLIBC_V3);

    assertThat(v3Host.choose(index(none, v1, v4, v3, v2))).isSameAs(v3);
    assertThat(v3Host.choose(index(none, v1, v4, v2))).isSameAs(v2);
    assertThat(v3Host.choose(index(none, v4, v1))).isSameAs(v1);
    assertThat(v3Host.choose(index(v4, none))).isSameAs(none);
    assertThatThrownBy(() -> v3Host.choose(index(v4)))
        .isInstanceOf(NoMatchingPlatformException.class)
        .hasMessage(
            "no linux/amd64 in the index for this host, CPU level v3; it offers linux/amd64/v4");
  }

  @Test
  void v1HostRefusesV3() {
    Descriptor v3 = entry("linux/amd64/v3");

    assertThatThrownBy(() -> PlatformMatcher.forHost(LINUX_AMD64, GLIBC_V1).choose(index(v3)))
        .isInstanceOf(NoMatchingPlatformException.class)
        .hasMessageContaining("CPU level v1")
        .hasMessageContaining("it offers linux/amd64/v3");
  }

  @Test
  void explicitPlatformProbesNothingAndTakesItsVariantAsTheLevel() {
    Descriptor none = entry("linux/amd64");
    Descriptor v2 = entry("linux/amd64/v2");
    Descriptor v3 = entry("linux/amd64/v3");
    Descriptor musl = entry("linux/amd64", "musl");
    ImageIndex index = index(none, v3, v2, musl);

    assertThat(PlatformMatcher.forPlatform(LINUX_AMD64).choose(index)).isSameAs(none);
    assertThat(PlatformMatcher.forPlatform(Platform.parse("linux/amd64/v2")).choose(index))
        .isSameAs(v2);
    assertThat(PlatformMatcher.forPlatform(Platform.parse("linux/amd64/v4")).choose(index))
        .isSameAs(v3);
    assertThat(PlatformMatcher.forPlatform(LINUX_AMD64, true).choose(index)).isSameAs(musl);
    // a host platform that names its variant needs no probe for it either
    assertThat(
            PlatformMatcher.forHost(Platform.parse("linux/amd64/v2"), NO_PROBING)
                .choose(index(v3, v2)))
        .isSameAs(v2);
  }

  @Test
  void hostIsProbedOnlyWhenTheEntriesForItsPlatformDiffer() {
    Descriptor amd64 = entry("linux/amd64");
    ImageIndex index =
        index(entry("linux/arm64", "musl"), amd64, entry("darwin/amd64/v3"), entry("linux/arm/v7"));

    assertThat(PlatformMatcher.forHost(LINUX_AMD64, NO_PROBING).choose(index)).isSameAs(amd64);
    assertThatThrownBy(
            () ->
                PlatformMatcher.forHost(Platform.parse("windows/amd64"), NO_PROBING).choose(index))
        .isInstanceOf(NoMatchingPlatformException.class);
  }

  @Test
  void armV7HostTakesV6WhenThereIsNoV7() {
    Descriptor v5 = entry("linux/arm/v5");
    Descriptor v6 = entry("linux/arm/v6");
    Descriptor v8 = entry("linux/arm/v8");
    Descriptor none = entry("linux/arm");

    PlatformMatcher v7Host = PlatformMatcher.forHost(LINUX_ARM, new FakeProbe(1, 7, false));
    assertThat(v7Host.choose(index(none, v5, v8, v6))).isSameAs(v6);
    assertThat(v7Host.choose(index(v8, none))).isSameAs(none);

    ImageIndex dockerList = Fixtures.index("docker-manifest-list.json");
    assertThat(v7Host.choose(dockerList).platform()).isEqualTo(Platform.parse("linux/arm/v7"));
    PlatformMatcher piZero = PlatformMatcher.forHost(LINUX_ARM, new FakeProbe(1, 6, false));
    assertThat(piZero.choose(dockerList).platform()).isEqualTo(Platform.parse("linux/arm/v6"));
    // armv7l, as uname spells it, carries its version: no probe needed
    assertThat(
            PlatformMatcher.forHost(Platform.parse("linux/armv7l"), NO_PROBING)
                .choose(dockerList)
                .platform())
        .isEqualTo(Platform.parse("linux/arm/v7"));
  }

  @Test
  void muslHostPrefersMuslEntryAndFallsBackToUnannotated() {
    Descriptor glibc = entry("linux/amd64");
    Descriptor musl = entry("linux/amd64", "musl");
    PlatformMatcher muslHost = PlatformMatcher.forHost(LINUX_AMD64, MUSL_V3);

    assertThat(muslHost.choose(index(glibc, musl))).isSameAs(musl);
    assertThat(muslHost.choose(index(glibc, entry("linux/amd64", "glibc")))).isSameAs(glibc);
    assertThat(muslHost.choose(index(glibc))).isSameAs(glibc);
  }

  @Test
  void muslOutranksTheCpuLevel() {
    Descriptor glibcV3 = entry("linux/amd64/v3");
    Descriptor muslV1 = entry("linux/amd64/v1", "musl");
    Descriptor muslV3 = entry("linux/amd64/v3", "musl");

    PlatformMatcher muslHost = PlatformMatcher.forHost(LINUX_AMD64, MUSL_V3);
    assertThat(muslHost.choose(index(glibcV3, muslV1))).isSameAs(muslV1);
    assertThat(muslHost.choose(index(glibcV3, muslV1, muslV3))).isSameAs(muslV3);
  }

  @Test
  void glibcHostNeverTakesMuslEntry() {
    Descriptor glibc = entry("linux/amd64");
    Descriptor musl = entry("linux/amd64", "musl");
    Descriptor annotatedGlibc = entry("linux/amd64", "GNU");
    PlatformMatcher glibcHost = PlatformMatcher.forHost(LINUX_AMD64, GLIBC_V3);

    assertThat(glibcHost.choose(index(musl, glibc))).isSameAs(glibc);
    assertThat(glibcHost.choose(index(musl, glibc, annotatedGlibc))).isSameAs(annotatedGlibc);
    NoMatchingPlatformException miss =
        assertThrows(
            NoMatchingPlatformException.class,
            () -> glibcHost.choose(index(musl, entry("linux/arm64"))));
    assertThat(miss)
        .hasMessage(
            "no linux/amd64 in the index for this host, glibc;"
                + " it offers linux/amd64 (musl), linux/arm64");
    assertThat(miss.offered()).containsExactly(LINUX_AMD64, Platform.parse("linux/arm64"));
    assertThat(miss.wanted()).isEqualTo(LINUX_AMD64);
  }

  @Test
  void libcAnnotationsAreIgnoredOutsideLinux() {
    Descriptor darwin = entry("darwin/arm64", "musl");

    assertThat(
            PlatformMatcher.forHost(Platform.parse("darwin/arm64"), NO_PROBING)
                .choose(index(darwin)))
        .isSameAs(darwin);
  }

  @Test
  void firstInIndexOrderWinsAmongEqualRanks() {
    Descriptor first = entry("linux/amd64");
    Descriptor second = entry("linux/amd64");
    Descriptor firstV2 = entry("linux/amd64/v2");
    Descriptor secondV2 = entry("linux/amd64/v2");

    assertThat(PlatformMatcher.forPlatform(LINUX_AMD64).choose(index(first, second)))
        .isSameAs(first);
    assertThat(
            PlatformMatcher.forHost(LINUX_AMD64, GLIBC_V3)
                .choose(index(first, firstV2, second, secondV2)))
        .isSameAs(firstV2);
  }

  @Test
  void otherArchitecturesMatchVariantsExactlyOrTakeNone() {
    Descriptor arm64 = entry("linux/arm64");
    Descriptor arm64v9 = entry("linux/arm64/v9");

    assertThat(
            PlatformMatcher.forPlatform(Platform.parse("linux/arm64/v9"))
                .choose(index(arm64, arm64v9)))
        .isSameAs(arm64v9);
    assertThat(PlatformMatcher.forPlatform(Platform.parse("linux/arm64/v9")).choose(index(arm64)))
        .isSameAs(arm64);
    assertThatThrownBy(
            () -> PlatformMatcher.forPlatform(Platform.parse("linux/arm64")).choose(index(arm64v9)))
        .isInstanceOf(NoMatchingPlatformException.class)
        .hasMessage("no linux/arm64 in the index; it offers linux/arm64/v9");
  }

  @Test
  void attestationEntriesAreNeverChosenNorOffered() {
    ImageIndex buildx = Fixtures.index("buildx-index-with-attestations.json");

    assertThat(PlatformMatcher.forHost(LINUX_AMD64, NO_PROBING).choose(buildx))
        .isSameAs(buildx.manifests().get(1));
    NoMatchingPlatformException miss =
        assertThrows(
            NoMatchingPlatformException.class,
            () ->
                PlatformMatcher.forPlatform(Platform.of("unknown", "unknown", null))
                    .choose(buildx));
    assertThat(miss.offered())
        .extracting(Platform::toString)
        .containsExactly("linux/amd64", "linux/arm/v7", "linux/arm64", "linux/ppc64le");
  }

  @Test
  void entriesWithoutPlatformAreIgnored() {
    ImageIndex layout = Fixtures.index("layout-index.json");

    assertThatThrownBy(() -> PlatformMatcher.forPlatform(LINUX_AMD64).choose(layout))
        .isInstanceOf(NoMatchingPlatformException.class)
        .hasMessage("no linux/amd64 in the index; it names no platform in any entry");
    Descriptor amd64 = entry("linux/amd64");
    assertThat(PlatformMatcher.forPlatform(LINUX_AMD64).choose(index(entry(null), amd64)))
        .isSameAs(amd64);
  }

  @Test
  void missNamesTheWantedPlatformAndListsTheOffered() {
    ImageIndex index = Fixtures.index("ocipkg-index.json");

    NoMatchingPlatformException miss =
        assertThrows(
            NoMatchingPlatformException.class,
            () ->
                PlatformMatcher.forHost(Platform.parse("windows/amd64"), NO_PROBING).choose(index));

    assertThat(miss)
        .isInstanceOf(IllegalStateException.class)
        .hasMessage(
            "no windows/amd64 in the index; it offers linux/amd64, linux/arm64, darwin/arm64");
    assertThat(miss.wanted()).isEqualTo(Platform.parse("windows/amd64"));
    assertThat(miss.offered())
        .containsExactly(
            Platform.parse("linux/amd64"),
            Platform.parse("linux/arm64"),
            Platform.parse("darwin/arm64"));
  }

  @Test
  void offeredListsEachPlatformOnce() {
    List<Descriptor> entries = new ArrayList<>();
    entries.add(entry("linux/amd64"));
    entries.add(entry("linux/amd64", "musl"));
    entries.add(entry("linux/amd64"));
    ImageIndex index = new ImageIndex(MediaTypes.OCI_INDEX, entries, Map.of(), null);

    NoMatchingPlatformException miss =
        assertThrows(
            NoMatchingPlatformException.class,
            () -> PlatformMatcher.forPlatform(Platform.parse("linux/riscv64")).choose(index));

    assertThat(miss)
        .hasMessage("no linux/riscv64 in the index; it offers linux/amd64, linux/amd64 (musl)");
    assertThat(miss.offered()).containsExactly(LINUX_AMD64);
  }
}
