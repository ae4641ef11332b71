/**
 * The content store (the cache): verified blobs, one extracted directory per platform manifest,
 * resolution records, and the locks that make it safe across threads and processes.
 */
@NullMarked
package dev.ocipkg.internal.store;

import org.jspecify.annotations.NullMarked;
