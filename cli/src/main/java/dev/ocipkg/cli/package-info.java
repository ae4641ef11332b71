/** The {@code ocipkg} command line: a thin front end over the loader library. */
@NullMarked
package dev.ocipkg.cli;

import org.jspecify.annotations.NullMarked;
