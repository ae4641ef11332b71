/*
 * libinner: the dependency of libouter. It is installed the way distributions install a
 * versioned library: the real file libinner.so.1.0.0, the SONAME link libinner.so.1 that the
 * dynamic loader looks for, and the development link libinner.so that the linker looks for.
 */
#include <stdint.h>

#include "export.h"

OCIPKG_EXPORT int32_t inner_value(void) { return 40; }
