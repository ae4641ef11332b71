/**
 * The ocipkg API: load a native library from an OCI reference and link it through JNA, the FFM API
 * or JNI.
 */
@NullMarked
package dev.ocipkg;

import org.jspecify.annotations.NullMarked;
