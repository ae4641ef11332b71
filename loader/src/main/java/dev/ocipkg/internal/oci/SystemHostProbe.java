package dev.ocipkg.internal.oci;

import dev.ocipkg.internal.io.LazyLogger;
import java.io.BufferedReader;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * {@link HostProbe} from Linux's {@code /proc/cpuinfo} and {@code /proc/self/maps}. Each answer is
 * read at most once. Outside Linux the files are missing and the answers are the safe defaults.
 */
final class SystemHostProbe implements HostProbe {
  static final SystemHostProbe INSTANCE =
      new SystemHostProbe(Path.of("/proc/cpuinfo"), Path.of("/proc/self/maps"), Path.of("/lib"));

  private static final System.Logger LOG = LazyLogger.of(SystemHostProbe.class);

  private static final List<String> V2 =
      List.of("cx16", "lahf_lm", "popcnt", "sse4_1", "sse4_2", "ssse3");
  private static final List<String> V3 =
      List.of("avx", "avx2", "bmi1", "bmi2", "f16c", "fma", "movbe", "xsave");
  private static final List<String> V4 =
      List.of("avx512f", "avx512bw", "avx512cd", "avx512dq", "avx512vl");

  private final Path cpuinfo;
  private final Path selfMaps;
  private final Path libDir;

  private @Nullable Integer amd64Level;
  private @Nullable Integer armVersion;
  private @Nullable Boolean musl;

  SystemHostProbe(Path cpuinfo, Path selfMaps, Path libDir) {
    this.cpuinfo = cpuinfo;
    this.selfMaps = selfMaps;
    this.libDir = libDir;
  }

  @Override
  public synchronized int amd64Level() {
    if (amd64Level == null) {
      String flags = cpuinfoField("flags");
      amd64Level = flags == null ? 1 : amd64Level(flags);
      LOG.log(Level.DEBUG, "x86-64 level v{0} (flags from {1})", amd64Level, cpuinfo);
    }
    return amd64Level;
  }

  @Override
  public synchronized int armVersion() {
    if (armVersion == null) {
      String architecture = cpuinfoField("CPU architecture");
      armVersion = architecture == null ? 7 : armVersion(architecture, cpuinfoField("model name"));
      LOG.log(Level.DEBUG, "ARM version {0} (from {1})", armVersion, cpuinfo);
    }
    return armVersion;
  }

  @Override
  public synchronized boolean musl() {
    if (musl == null) {
      Boolean mapped = muslFromMaps();
      musl = mapped != null ? mapped : muslLoaderInstalled();
      LOG.log(Level.DEBUG, "C library {0}", musl ? "musl" : "glibc");
    }
    return musl;
  }

  /**
   * The x86-64 level that the {@code flags} line of {@code /proc/cpuinfo} shows. Linux spells LZCNT
   * {@code abm}; either name counts.
   */
  static int amd64Level(String flagsLine) {
    Set<String> flags = new HashSet<>(List.of(flagsLine.trim().split("\\s+")));
    if (!flags.containsAll(V2)) {
      return 1;
    }
    if (!flags.containsAll(V3) || !(flags.contains("abm") || flags.contains("lzcnt"))) {
      return 2;
    }
    return flags.containsAll(V4) ? 4 : 3;
  }

  /**
   * The ARM version that the {@code CPU architecture} line of {@code /proc/cpuinfo} shows ({@code
   * 7}, {@code 5TEJ}, {@code AArch64}). ARM11 cores (Raspberry Pi 1 and Zero) report 7 while being
   * ARMv6; their model name gives them away, as containerd also checks.
   */
  static int armVersion(String architecture, @Nullable String modelName) {
    String value = architecture.trim().toLowerCase(Locale.ROOT);
    if (value.equals("aarch64")) {
      return 8;
    }
    int end = 0;
    while (end < value.length() && Character.isDigit(value.charAt(end))) {
      end++;
    }
    if (end == 0 || end > 2) {
      return 7;
    }
    int version = Integer.parseInt(value.substring(0, end));
    if (version == 7
        && modelName != null
        && modelName.trim().toLowerCase(Locale.ROOT).startsWith("armv6")) {
      return 6;
    }
    return version;
  }

  /**
   * Musl or glibc from the libraries mapped into a process, as {@code /proc/self/maps} lists them;
   * null if neither is named.
   */
  static @Nullable Boolean muslFromMapsLine(String line) {
    int slash = line.lastIndexOf('/');
    if (slash < 0) {
      return null;
    }
    String file = line.substring(slash + 1);
    if (file.startsWith("ld-musl-") || file.startsWith("libc.musl-")) {
      return Boolean.TRUE;
    }
    if (file.startsWith("libc.so.6") || file.startsWith("ld-linux")) {
      return Boolean.FALSE;
    }
    return null;
  }

  private @Nullable Boolean muslFromMaps() {
    try (BufferedReader reader = Files.newBufferedReader(selfMaps, StandardCharsets.UTF_8)) {
      for (String line = reader.readLine(); line != null; line = reader.readLine()) {
        Boolean answer = muslFromMapsLine(line);
        if (answer != null) {
          return answer;
        }
      }
    } catch (IOException e) {
      LOG.log(Level.DEBUG, "cannot read " + selfMaps, e);
    }
    return null;
  }

  /**
   * A weaker sign, used only where the maps cannot tell: Debian's {@code musl} package installs the
   * same loader on glibc systems.
   */
  private boolean muslLoaderInstalled() {
    try (DirectoryStream<Path> loaders = Files.newDirectoryStream(libDir, "ld-musl-*.so.1")) {
      return loaders.iterator().hasNext();
    } catch (IOException e) {
      return false;
    }
  }

  /** The value of the first {@code name : value} line in cpuinfo, or null. */
  private @Nullable String cpuinfoField(String name) {
    try (BufferedReader reader = Files.newBufferedReader(cpuinfo, StandardCharsets.UTF_8)) {
      return cpuinfoField(reader, name);
    } catch (IOException e) {
      LOG.log(Level.DEBUG, "cannot read " + cpuinfo, e);
      return null;
    }
  }

  static @Nullable String cpuinfoField(BufferedReader cpuinfo, String name) throws IOException {
    for (String line = cpuinfo.readLine(); line != null; line = cpuinfo.readLine()) {
      int colon = line.indexOf(':');
      if (colon > 0 && line.substring(0, colon).trim().equalsIgnoreCase(name)) {
        return line.substring(colon + 1).trim();
      }
    }
    return null;
  }
}
