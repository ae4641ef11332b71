/** File-system helpers shared by the loader's internal packages; depends on nothing of ocipkg. */
@NullMarked
package dev.ocipkg.internal.io;

import org.jspecify.annotations.NullMarked;
