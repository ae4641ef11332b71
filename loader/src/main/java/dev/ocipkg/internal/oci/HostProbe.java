package dev.ocipkg.internal.oci;

/**
 * What the platform string of the running JVM does not say: the CPU's level within its architecture
 * and the C library. {@link PlatformMatcher} asks only when an index offers builds that differ in
 * these, so a plain {@code linux/amd64} choice reads no file.
 */
public interface HostProbe {
  /**
   * The x86-64 micro-architecture level, 1 to 4 ({@code x86-64-v1} … {@code v4}); 1 where it cannot
   * be read (outside Linux), since a v1 build runs everywhere and a v3 build may crash with SIGILL.
   */
  int amd64Level();

  /**
   * The architecture version of a 32-bit ARM CPU, 5 to 8; 7 where it cannot be read, the version
   * that Docker and containerd assume for {@code arm} without a variant.
   */
  int armVersion();

  /** Whether the JVM runs on musl (Alpine) rather than glibc. Meaningful on Linux only. */
  boolean musl();

  /** The probe of the running host: Linux {@code /proc} files, read once and remembered. */
  static HostProbe system() {
    return SystemHostProbe.INSTANCE;
  }
}
