/*
 * libocipkg_demo: a plain C library for JNA and FFM callers (tests, the demo, benchmarks).
 *
 * Parameters use fixed-width types so that the Java mapping is the same on every platform:
 * int32_t is a Java int and int64_t a Java long for JNA and for the FFM API alike.
 */
#include <stdint.h>

#include "export.h"

/* Kept in step with NativeTestLibs.DEMO_VERSION on the Java side. */
#define DEMO_VERSION "ocipkg-demo 1.0.0"

OCIPKG_EXPORT int32_t demo_add(int32_t a, int32_t b) { return a + b; }

OCIPKG_EXPORT const char *demo_version(void) { return DEMO_VERSION; }

/* Reads caller memory, so a benchmark can measure passing a Java array or a memory segment. */
OCIPKG_EXPORT int64_t demo_sum_bytes(const uint8_t *data, int32_t length) {
  int64_t sum = 0;
  for (int32_t i = 0; i < length; i++) {
    sum += data[i];
  }
  return sum;
}
