/**
 * The registry client: one small class per endpoint ({@link ManifestPuller}, {@link BlobPuller})
 * behind one {@link RegistryCaller} that owns HTTP, scheme choice and redirects.
 */
@NullMarked
package dev.ocipkg.internal.registry;

import org.jspecify.annotations.NullMarked;
