/**
 * OCI JSON as values: media types, descriptors, image indexes and manifests (OCI and Docker v2),
 * the ocipkg config, and the choice of one platform's manifest from an index.
 *
 * <p>Parsing reads the loader's own {@code JsonValue} trees only, so that no class here is
 * reflected upon and the warm path (package already cached) never loads this package.
 */
@NullMarked
package dev.ocipkg.internal.oci;

import org.jspecify.annotations.NullMarked;
