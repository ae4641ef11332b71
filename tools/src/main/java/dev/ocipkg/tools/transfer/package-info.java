/**
 * Moving images between registries, layouts, archives and the cache: push, copy, pull into a
 * folder, fetch into the cache.
 */
@NullMarked
package dev.ocipkg.tools.transfer;

import org.jspecify.annotations.NullMarked;
