/** The demo: the main job on the embedded default. */
@NullMarked
package dev.ocipkg.demo;

import org.jspecify.annotations.NullMarked;
