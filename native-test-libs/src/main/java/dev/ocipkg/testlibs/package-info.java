/**
 * Real native libraries for tests, the demo and benchmarks, built from C sources by this module's
 * Maven build with the system C compiler.
 *
 * <p>{@link dev.ocipkg.testlibs.NativeTestLibs} extracts them from the class path into a temporary
 * folder and names each one; {@link dev.ocipkg.testlibs.JniDemo} is the Java side of the JNI
 * library. The libraries are built for the host only, so a jar built on Linux x86-64 holds {@code
 * linux/amd64} libraries.
 */
package dev.ocipkg.testlibs;
