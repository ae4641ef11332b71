/**
 * The registry endpoints only the toolbox calls: blob and manifest uploads, tag lists, login
 * checks.
 */
@NullMarked
package dev.ocipkg.tools.registry;

import org.jspecify.annotations.NullMarked;
