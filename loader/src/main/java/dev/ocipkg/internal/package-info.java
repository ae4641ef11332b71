/**
 * The loader's machinery: configuration and the pull that turns a reference into a cached, verified
 * package. Not API: exported only to this project's own front ends.
 */
@NullMarked
package dev.ocipkg.internal;

import org.jspecify.annotations.NullMarked;
