/**
 * Describing an image for a reader: its index, platforms, layers, annotations and what signs it.
 */
@NullMarked
package dev.ocipkg.tools.inspect;

import org.jspecify.annotations.NullMarked;
