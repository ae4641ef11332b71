/**
 * Writing OCI image layouts and their reproducible archives: the JSON documents, the blobs, the
 * tar.
 */
@NullMarked
package dev.ocipkg.tools.layout;

import org.jspecify.annotations.NullMarked;
