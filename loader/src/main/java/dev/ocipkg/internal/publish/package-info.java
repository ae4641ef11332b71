/** Publishing: pushing OCI layouts to registries (used by the command line and Maven plugin). */
@NullMarked
package dev.ocipkg.internal.publish;

import org.jspecify.annotations.NullMarked;
