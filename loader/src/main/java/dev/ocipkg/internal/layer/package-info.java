/**
 * Safe, streaming extraction of OCI layers into a package directory.
 *
 * <p>A layer is read once, as it arrives: the caller hashes and stores the compressed bytes while
 * {@link dev.ocipkg.internal.layer.LayerExtractor} decompresses and unpacks them. Nothing is ever
 * written outside the package directory, no link leaves it, nothing is written through a link, and
 * a budget shared by all layers of one package stops decompression bombs.
 */
@NullMarked
package dev.ocipkg.internal.layer;

import org.jspecify.annotations.NullMarked;
