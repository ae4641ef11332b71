package dev.ocipkg.internal.oci;

import dev.ocipkg.Platform;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Chooses one platform's manifest from an image index.
 *
 * <p>Platforms are compared normalised ({@code x86_64} is {@code amd64}, {@code aarch64} is {@code
 * arm64}, {@code arm64/v8} is plain {@code arm64}). Within an OS and architecture:
 *
 * <ul>
 *   <li>amd64 ranks variants by level, {@code v4}, {@code v3}, {@code v2}, {@code v1}, then an
 *       entry without one; a host takes no level above its own. 32-bit arm does the same with
 *       {@code v8} … {@code v5}. On other architectures an entry with the wanted variant comes
 *       first, then one without a variant; an entry with another variant is never taken.
 *   <li>On Linux, an entry annotated {@value Annotations#LIBC} with the host's C library ranks
 *       above every unannotated one, and one annotated with another C library is never taken: a
 *       musl host prefers {@code musl} builds and falls back to unannotated ones, a glibc host
 *       never takes a {@code musl} build. The C library outranks the CPU level, since a v1 build
 *       that loads beats a v3 build that does not.
 *   <li>Among equal ranks the first in index order wins.
 * </ul>
 *
 * Entries without a platform, and BuildKit's attestation entries ({@code unknown/unknown}), are
 * never chosen here; {@code PlatformManifests} reads the image configs of platform-less entries
 * where no entry names a match. {@code os.version} and {@code os.features} are ignored.
 *
 * <p>{@link #forHost} learns the CPU level and the C library from a {@link HostProbe}, asked only
 * when the entries for the host's OS and architecture differ in them. {@link #forPlatform} probes
 * nothing: a variant given is the level taken, and without one amd64 is {@code v1} and arm is
 * {@code v7}, the meaning that Docker gives them.
 */
public final class PlatformMatcher {
  private static final int UNUSABLE = -1;

  private final Platform wanted;
  private final @Nullable HostProbe probe;
  private final boolean musl;

  private PlatformMatcher(Platform wanted, @Nullable HostProbe probe, boolean musl) {
    this.wanted = wanted;
    this.probe = probe;
    this.musl = musl;
  }

  /**
   * Chooses for the running JVM: {@link Platform#current()}, probed by {@link HostProbe#system()}.
   */
  public static PlatformMatcher forHost() {
    return forHost(Platform.current(), HostProbe.system());
  }

  /**
   * Chooses for a host of platform {@code host} whose CPU level and C library {@code probe} tells.
   * A variant in {@code host} is taken as the CPU level instead of asking the probe.
   */
  public static PlatformMatcher forHost(Platform host, HostProbe probe) {
    return new PlatformMatcher(host, probe, false);
  }

  /** Chooses for an explicitly requested platform, with glibc (or no C library annotation). */
  public static PlatformMatcher forPlatform(Platform wanted) {
    return forPlatform(wanted, false);
  }

  /** Chooses for an explicitly requested platform and C library, without probing the host. */
  public static PlatformMatcher forPlatform(Platform wanted, boolean musl) {
    return new PlatformMatcher(wanted, null, musl);
  }

  /** The platform that this matcher chooses for. */
  public Platform wanted() {
    return wanted;
  }

  /**
   * The best entry of {@code index} for the wanted platform.
   *
   * @throws NoMatchingPlatformException if the index has none; it lists what the index offers
   */
  public Descriptor choose(ImageIndex index) {
    List<Descriptor> sameArch = new ArrayList<>();
    for (Descriptor entry : index.manifests()) {
      Platform platform = entry.platform();
      if (platform != null
          && !isAttestation(platform)
          && platform.os().equals(wanted.os())
          && platform.architecture().equals(wanted.architecture())) {
        sameArch.add(entry);
      }
    }
    if (sameArch.isEmpty()) {
      throw miss(index, "");
    }
    String libc = libcMatters(sameArch) ? (musl() ? "musl" : "glibc") : null;
    int level = variantsDiffer(sameArch) ? level() : 0;
    @Nullable Descriptor best = null;
    int bestRank = UNUSABLE;
    for (Descriptor entry : sameArch) {
      int rank = rank(entry, libc, level);
      if (rank > bestRank) {
        best = entry;
        bestRank = rank;
      }
    }
    if (best == null) {
      throw miss(index, constraints(libc, level));
    }
    return best;
  }

  private int rank(Descriptor entry, @Nullable String libc, int level) {
    int libcRank = 0;
    if (libc != null) {
      String annotated = libcOf(entry);
      if (annotated != null) {
        if (!annotated.equals(libc)) {
          return UNUSABLE;
        }
        libcRank = 1;
      }
    }
    int variantRank = variantRank(Objects.requireNonNull(entry.platform()).variant(), level);
    return variantRank == UNUSABLE ? UNUSABLE : libcRank * 100 + variantRank;
  }

  /**
   * The entry's variant as a rank: on a level ladder its level if not above the host's; elsewhere 1
   * for the wanted variant. An entry without a variant ranks 0.
   */
  private int variantRank(@Nullable String variant, int level) {
    if (variant == null) {
      return 0;
    }
    if (level > 0) {
      int entryLevel = versionOf(variant);
      return entryLevel > 0 && entryLevel <= level ? entryLevel : UNUSABLE;
    }
    return variant.equals(wanted.variant()) ? 1 : UNUSABLE;
  }

  /**
   * The wanted CPU level on amd64 and arm, from the wanted variant, the probe or Docker's default;
   * 0 elsewhere, and where an explicit variant is no {@code v<n>}, which is then matched exactly.
   */
  private int level() {
    String variant = wanted.variant();
    switch (wanted.architecture()) {
      case "amd64":
        return variant != null ? versionOf(variant) : probe == null ? 1 : probe.amd64Level();
      case "arm":
        return variant != null ? versionOf(variant) : probe == null ? 7 : probe.armVersion();
      default:
        return 0;
    }
  }

  private boolean musl() {
    return probe == null ? musl : probe.musl();
  }

  private boolean libcMatters(List<Descriptor> sameArch) {
    if (!wanted.os().equals("linux")) {
      return false;
    }
    for (Descriptor entry : sameArch) {
      if (libcOf(entry) != null) {
        return true;
      }
    }
    return false;
  }

  private static boolean variantsDiffer(List<Descriptor> sameArch) {
    for (Descriptor entry : sameArch) {
      if (Objects.requireNonNull(entry.platform()).variant() != null) {
        return true;
      }
    }
    return false;
  }

  /** The C library that an entry is annotated with, {@code gnu} read as {@code glibc}; or null. */
  private static @Nullable String libcOf(Descriptor entry) {
    String libc = entry.annotation(Annotations.LIBC);
    if (libc == null || libc.isBlank()) {
      return null;
    }
    String lower = libc.trim().toLowerCase(Locale.ROOT);
    return lower.equals("gnu") ? "glibc" : lower;
  }

  /** {@code v3} as 3; 0 for anything else. */
  private static int versionOf(String variant) {
    if (variant.length() < 2 || variant.length() > 3 || variant.charAt(0) != 'v') {
      return 0;
    }
    for (int i = 1; i < variant.length(); i++) {
      if (!Character.isDigit(variant.charAt(i))) {
        return 0;
      }
    }
    return Integer.parseInt(variant.substring(1));
  }

  private static boolean isAttestation(Platform platform) {
    return platform.os().equals("unknown") && platform.architecture().equals("unknown");
  }

  private String constraints(@Nullable String libc, int level) {
    List<String> parts = new ArrayList<>();
    if (level > 0) {
      parts.add("CPU level v" + level);
    }
    if (libc != null) {
      parts.add(libc);
    }
    String host = probe == null ? "" : "this host, ";
    return parts.isEmpty() ? "" : " for " + host + String.join(", ", parts);
  }

  private NoMatchingPlatformException miss(ImageIndex index, String constraints) {
    Map<String, Platform> offered = new LinkedHashMap<>();
    for (Descriptor entry : index.manifests()) {
      Platform platform = entry.platform();
      if (platform != null && !isAttestation(platform)) {
        String libc = libcOf(entry);
        offered.putIfAbsent(
            libc == null ? platform.toString() : platform + " (" + libc + ")", platform);
      }
    }
    return new NoMatchingPlatformException(
        "the index",
        wanted,
        constraints,
        new ArrayList<>(offered.keySet()),
        offered.values().stream().distinct().toList());
  }
}
