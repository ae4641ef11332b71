package dev.ocipkg.tools.sign;

import dev.ocipkg.internal.oci.Descriptor;

/** A blob that a signature manifest names and that must be pushed before it: its bytes. */
public record SignatureBlob(Descriptor descriptor, byte[] bytes) {}
