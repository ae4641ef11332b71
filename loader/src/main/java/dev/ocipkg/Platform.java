package dev.ocipkg;

import java.util.Locale;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * An OCI platform: operating system, architecture and optional variant, normalised the way the
 * registries' clients spell them ({@code x86_64} is {@code amd64}, {@code aarch64} is {@code
 * arm64}, {@code arm64/v8} is plain {@code arm64}).
 */
public final class Platform {
  private final String os;
  private final String architecture;
  private final @Nullable String variant;

  private Platform(String os, String architecture, @Nullable String variant) {
    this.os = os;
    this.architecture = architecture;
    this.variant = variant;
  }

  /**
   * Parses {@code os/arch[/variant]}, for example {@code linux/amd64}, {@code linux/arm/v7} or
   * {@code darwin/aarch64} (normalised to {@code darwin/arm64}).
   *
   * @throws IllegalArgumentException naming the text if it has not two or three components
   */
  public static Platform parse(String text) {
    String[] parts = text.trim().toLowerCase(Locale.ROOT).split("/", -1);
    if (parts.length < 2 || parts.length > 3) {
      throw new IllegalArgumentException(
          "invalid platform \"" + text + "\": expected os/arch[/variant], e.g. linux/amd64");
    }
    for (String part : parts) {
      if (!isComponent(part)) {
        throw new IllegalArgumentException(
            "invalid platform \""
                + text
                + "\": \""
                + part
                + "\" is not a valid component (expected os/arch[/variant], e.g. linux/arm64)");
      }
    }
    return of(parts[0], parts[1], parts.length == 3 ? parts[2] : null);
  }

  /** {@code [a-z0-9][a-z0-9._-]*}, checked by hand: platforms are parsed at JVM start. */
  private static boolean isComponent(String s) {
    if (s.isEmpty()) {
      return false;
    }
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      boolean alnum = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
      if (!alnum && (i == 0 || (c != '.' && c != '_' && c != '-'))) {
        return false;
      }
    }
    return true;
  }

  /** A normalised platform from its parts, as they appear in an OCI index. */
  public static Platform of(String os, String architecture, @Nullable String variant) {
    String normalOs = normaliseOs(os);
    String arch = architecture.toLowerCase(Locale.ROOT);
    String normalVariant =
        variant == null || variant.isEmpty() ? null : variant.toLowerCase(Locale.ROOT);
    switch (arch) {
      case "x86_64":
      case "x86-64":
      case "x64":
        arch = "amd64";
        break;
      case "aarch64":
        arch = "arm64";
        break;
      case "i386":
      case "i486":
      case "i586":
      case "i686":
      case "x86":
        arch = "386";
        break;
      case "armhf":
      case "armv7l":
      case "armv7":
        arch = "arm";
        normalVariant = normalVariant == null ? "v7" : normalVariant;
        break;
      case "armel":
      case "armv6l":
        arch = "arm";
        normalVariant = normalVariant == null ? "v6" : normalVariant;
        break;
      default:
        break;
    }
    if (arch.equals("arm64") && "v8".equals(normalVariant)) {
      normalVariant = null; // arm64 with no variant means v8 (containers/image#898)
    }
    return new Platform(normalOs, arch, normalVariant);
  }

  /**
   * The platform of the running JVM, from {@code os.name} and {@code os.arch}. It does not probe
   * CPU features or the C library; the platform matcher does that when it has to choose.
   */
  public static Platform current() {
    return of(
        System.getProperty("os.name", "unknown"), System.getProperty("os.arch", "unknown"), null);
  }

  private static String normaliseOs(String os) {
    String lower = os.toLowerCase(Locale.ROOT).trim();
    if (lower.startsWith("mac") || lower.equals("osx") || lower.equals("darwin")) {
      return "darwin";
    }
    if (lower.startsWith("windows")) {
      return "windows";
    }
    return lower.replace(' ', '-');
  }

  public String os() {
    return os;
  }

  public String architecture() {
    return architecture;
  }

  /** The variant ({@code v7}, {@code v3}, ...) or null where there is none. */
  public @Nullable String variant() {
    return variant;
  }

  @Override
  public boolean equals(@Nullable Object o) {
    if (!(o instanceof Platform)) {
      return false;
    }
    Platform other = (Platform) o;
    return os.equals(other.os)
        && architecture.equals(other.architecture)
        && Objects.equals(variant, other.variant);
  }

  @Override
  public int hashCode() {
    return Objects.hash(os, architecture, variant);
  }

  /** {@code os/arch[/variant]}, the form {@link #parse} reads. */
  @Override
  public String toString() {
    return variant == null ? os + "/" + architecture : os + "/" + architecture + "/" + variant;
  }
}
