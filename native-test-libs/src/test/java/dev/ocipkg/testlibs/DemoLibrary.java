package dev.ocipkg.testlibs;

import com.sun.jna.Library;

/** The functions of {@code libocipkg_demo.so}, for JNA. */
interface DemoLibrary extends Library {

  int demo_add(int a, int b);

  String demo_version();

  long demo_sum_bytes(byte[] data, int length);
}
