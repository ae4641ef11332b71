/** The {@code -javaagent} entry point. */
@NullMarked
package dev.ocipkg.agent;

import org.jspecify.annotations.NullMarked;
