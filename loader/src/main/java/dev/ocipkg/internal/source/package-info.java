/**
 * Where packages come from: registries (with mirrors), OCI image layouts and oci-archive files,
 * behind one interface.
 */
@NullMarked
package dev.ocipkg.internal.source;

import org.jspecify.annotations.NullMarked;
