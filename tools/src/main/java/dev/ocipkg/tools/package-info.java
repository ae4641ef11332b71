/** The toolbox's shared settings and checks of what a user typed (references, tags, sizes). */
@NullMarked
package dev.ocipkg.tools;

import org.jspecify.annotations.NullMarked;
