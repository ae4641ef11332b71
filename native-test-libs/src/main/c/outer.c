/*
 * libouter: a library that only loads if the dynamic loader finds its dependency libinner.so.1
 * next to it, through the $ORIGIN run path. A package that keeps its files together but loses
 * the SONAME link, or a loader that extracts into separate folders, makes it fail.
 */
#include <stdint.h>

#include "export.h"

int32_t inner_value(void);

OCIPKG_EXPORT int32_t outer_call(int32_t x) { return inner_value() + x; }
