package dev.ocipkg.internal.oci;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SystemHostProbeTest {
  /** Core 2 (2006): SSE3 and SSSE3, no SSE4.2 or POPCNT. */
  private static final String CORE2_FLAGS =
      "fpu vme de pse tsc msr pae mce cx8 apic sep mtrr pge mca cmov pat pse36 clflush dts acpi"
          + " mmx fxsr sse sse2 ss ht tm pbe syscall nx lm constant_tsc arch_perfmon pebs bts rep_good"
          + " nopl cpuid aperfmperf pni dtes64 monitor ds_cpl vmx est tm2 ssse3 cx16 xtpr pdcm"
          + " lahf_lm pti tpr_shadow dtherm";

  /** Nehalem (2008): x86-64-v2. */
  private static final String NEHALEM_FLAGS = CORE2_FLAGS + " sse4_1 sse4_2 popcnt";

  /** Haswell (2013): x86-64-v3; Linux names LZCNT "abm". */
  private static final String HASWELL_FLAGS =
      NEHALEM_FLAGS
          + " pclmulqdq movbe xsave avx f16c rdrand abm fma bmi1 hle avx2 smep bmi2 erms invpcid";

  /** Skylake-SP (2017): x86-64-v4. */
  private static final String SKYLAKE_SP_FLAGS =
      HASWELL_FLAGS
          + " avx512f avx512dq rdseed adx smap clflushopt clwb avx512cd avx512bw avx512vl";

  /** A VM that hides AVX2 from its guest: v2 despite the rest of v3. */
  private static final String NO_AVX2_FLAGS = HASWELL_FLAGS.replace(" avx2", "");

  @Test
  void readsAmd64LevelFromFlags() {
    assertThat(SystemHostProbe.amd64Level(CORE2_FLAGS)).isEqualTo(1);
    assertThat(SystemHostProbe.amd64Level(NEHALEM_FLAGS)).isEqualTo(2);
    assertThat(SystemHostProbe.amd64Level(HASWELL_FLAGS)).isEqualTo(3);
    assertThat(SystemHostProbe.amd64Level(HASWELL_FLAGS.replace("abm", "lzcnt"))).isEqualTo(3);
    assertThat(SystemHostProbe.amd64Level(HASWELL_FLAGS.replace(" abm", ""))).isEqualTo(2);
    assertThat(SystemHostProbe.amd64Level(NO_AVX2_FLAGS)).isEqualTo(2);
    assertThat(SystemHostProbe.amd64Level(SKYLAKE_SP_FLAGS)).isEqualTo(4);
    assertThat(SystemHostProbe.amd64Level("")).isEqualTo(1);
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "7 | ARMv7 Processor rev 4 (v7l) | 7",
        "7 | ARMv6-compatible processor rev 7 (v6l) | 6", // Raspberry Pi 1 and Zero
        "5TEJ | Feroceon 88FR131 rev 1 (v5l) | 5",
        "8 | ARMv8 Processor rev 4 (v8l) | 8", // a 32-bit JVM on a 64-bit kernel
        "AArch64 | | 8",
        "? | | 7",
      })
  void readsArmVersion(String architecture, String modelName, int version) {
    assertThat(SystemHostProbe.armVersion(architecture, modelName)).isEqualTo(version);
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "7f3c8a200000-7f3c8a214000 r--p 00000000 08:01 1311  /lib/ld-musl-x86_64.so.1 | true",
        "7f3c8a200000-7f3c8a214000 r--p 00000000 08:01 1311  /usr/lib/libc.musl-aarch64.so.1 | true",
        "7f1e4c800000-7f1e4c828000 r--p 00000000 fd:01 2631  /usr/lib/x86_64-linux-gnu/libc.so.6"
            + " | false",
        "7f1e4ca00000-7f1e4ca2a000 r-xp 00001000 fd:01 2628  /lib64/ld-linux-x86-64.so.2 | false",
        "7f1e4ca00000-7f1e4ca2a000 r-xp 00001000 fd:01 2628  /usr/lib/jvm/lib/libjava.so |",
        "7ffd1e3f2000-7ffd1e413000 rw-p 00000000 00:00 0     [stack] |",
      })
  void readsLibcFromMapsLines(String line, Boolean musl) {
    assertThat(SystemHostProbe.muslFromMapsLine(line)).isEqualTo(musl);
  }

  @Test
  void readsFirstFieldOfCpuinfo() throws Exception {
    String cpuinfo =
        "processor\t: 0\nvendor_id\t: GenuineIntel\nflags\t\t: fpu sse\n\n"
            + "processor\t: 1\nflags\t\t: other\n";
    assertThat(SystemHostProbe.cpuinfoField(new BufferedReader(new StringReader(cpuinfo)), "flags"))
        .isEqualTo("fpu sse");
    assertThat(SystemHostProbe.cpuinfoField(new BufferedReader(new StringReader(cpuinfo)), "bugs"))
        .isNull();
  }

  @Test
  void probesFakeProcFilesOnce(@TempDir Path dir) throws Exception {
    Path cpuinfo = dir.resolve("cpuinfo");
    Files.writeString(
        cpuinfo,
        "processor\t: 0\nvendor_id\t: GenuineIntel\ncpu family\t: 6\nmodel name\t: Intel(R) Core(TM)"
            + " i7-4770 CPU @ 3.40GHz\nflags\t\t: "
            + HASWELL_FLAGS
            + "\nbogomips\t: 6784.57\n\nprocessor\t: 1\nflags\t\t: "
            + HASWELL_FLAGS
            + "\n");
    Path maps = dir.resolve("maps");
    Files.writeString(
        maps,
        "55d0c8a00000-55d0c8a01000 r--p 00000000 08:01 2099  /usr/lib/jvm/bin/java\n"
            + "7f3c8a200000-7f3c8a214000 r--p 00000000 08:01 1311  /lib/ld-musl-x86_64.so.1\n");
    SystemHostProbe probe = new SystemHostProbe(cpuinfo, maps, dir);

    assertThat(probe.amd64Level()).isEqualTo(3);
    assertThat(probe.musl()).isTrue();

    Files.delete(cpuinfo);
    Files.delete(maps);
    assertThat(probe.amd64Level()).isEqualTo(3);
    assertThat(probe.musl()).isTrue();
  }

  @Test
  void fallsBackToInstalledMuslLoaderOnlyWhereMapsCannotTell(@TempDir Path dir) throws Exception {
    Path lib = Files.createDirectory(dir.resolve("lib"));
    Files.createFile(lib.resolve("ld-musl-x86_64.so.1"));
    Path glibcMaps = dir.resolve("maps");
    Files.writeString(
        glibcMaps, "7f1e4c800000-7f1e4c828000 r--p 00000000 fd:01 2631  /usr/lib/libc.so.6\n");

    // Debian with the musl package installed: the JVM itself runs on glibc
    assertThat(new SystemHostProbe(dir.resolve("none"), glibcMaps, lib).musl()).isFalse();
    assertThat(new SystemHostProbe(dir.resolve("none"), dir.resolve("none"), lib).musl()).isTrue();
  }

  @Test
  void defaultsWhereNothingCanBeRead(@TempDir Path dir) {
    Path missing = dir.resolve("missing");
    SystemHostProbe probe = new SystemHostProbe(missing, missing, missing);

    assertThat(probe.amd64Level()).isEqualTo(1);
    assertThat(probe.armVersion()).isEqualTo(7);
    assertThat(probe.musl()).isFalse();
  }

  @Test
  void systemProbeAnswersOnThisHost() {
    HostProbe probe = HostProbe.system();

    assertThat(probe.amd64Level()).isBetween(1, 4);
    assertThat(probe.armVersion()).isBetween(5, 8);
    probe.musl();
  }
}
