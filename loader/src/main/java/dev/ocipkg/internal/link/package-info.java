/** Linking a fetched library into the JVM: JNA, the FFM API (Java 22+) and JNI. */
@NullMarked
package dev.ocipkg.internal.link;

import org.jspecify.annotations.NullMarked;
