/**
 * The cache seen from outside the loader: listing, removing and collecting what no record names.
 */
@NullMarked
package dev.ocipkg.tools.cache;

import org.jspecify.annotations.NullMarked;
