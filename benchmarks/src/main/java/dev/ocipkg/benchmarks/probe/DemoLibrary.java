package dev.ocipkg.benchmarks.probe;

import com.sun.jna.Library;

/** {@code libocipkg_demo} as JNA sees it (built from C by native-test-libs). */
public interface DemoLibrary extends Library {
  int demo_add(int a, int b);
}
