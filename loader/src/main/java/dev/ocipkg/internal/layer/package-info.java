/**
 * Safe, streaming extraction of OCI layers into a package directory.
 *
 * <p>A layer is read once, as it arrives: the caller hashes the compressed bytes while {@link
 * dev.ocipkg.internal.layer.LayerExtractor} decompresses and unpacks them. Nothing is ever written
 * outside the package directory, no link leaves it, nothing is written through a link, and a budget
 * shared by all layers of one package stops decompression bombs. The layers of a package extract at
 * the same time: {@link dev.ocipkg.internal.layer.PackageAssembly} stages the later ones apart and
 * merges them in manifest order, so that the package is what extracting them one after the other
 * makes.
 */
@NullMarked
package dev.ocipkg.internal.layer;

import org.jspecify.annotations.NullMarked;
