/**
 * Writing and checking lock files: the references named or declared (by a jar, a classes folder)
 * resolved at their registries to the digests they name now, in the modes of Bazel's lockfile
 * (update, refresh, error). Tool code, used by {@code ocipkg lock} and the Maven goal {@code
 * ocipkg:lock}; the loader only reads lock files ({@code dev.ocipkg.internal.lock}).
 */
@NullMarked
package dev.ocipkg.tools.lock;

import org.jspecify.annotations.NullMarked;
