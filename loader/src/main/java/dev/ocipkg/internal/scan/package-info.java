/**
 * Finding the native images that code declares without running it: {@code @NativeImage} annotations
 * read from class bytes, and {@code Ocipkg-Images} entries of jar manifests. Shared by the agent
 * (as classes are defined) and the lock tools (over a jar or a classes folder).
 */
@NullMarked
package dev.ocipkg.internal.scan;

import org.jspecify.annotations.NullMarked;
