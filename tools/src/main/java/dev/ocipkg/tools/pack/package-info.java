/**
 * Packing native libraries into a multi-platform OCI artifact: platforms, binary checks, layers.
 */
@NullMarked
package dev.ocipkg.tools.pack;

import org.jspecify.annotations.NullMarked;
