/**
 * Helpers shared by the loader's internal packages (files, threads, foreign text); depends on
 * nothing of ocipkg.
 */
@NullMarked
package dev.ocipkg.internal.io;

import org.jspecify.annotations.NullMarked;
