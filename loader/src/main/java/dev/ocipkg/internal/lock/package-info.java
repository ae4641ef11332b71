/**
 * The lock file ({@code ocipkg.lock}): tags pinned to the index digest they resolved to and to the
 * platform manifests in it. A plain, line-based, sorted text meant for source control; read on the
 * warm path by a hand-written parser (no JSON), written by {@code ocipkg lock} and the Maven goal
 * {@code ocipkg:lock}.
 */
@NullMarked
package dev.ocipkg.internal.lock;

import org.jspecify.annotations.NullMarked;
