package dev.ocipkg.it;

import com.sun.jna.Library;

/** libocipkg_demo through JNA. */
public interface Demo extends Library {
  int demo_add(int a, int b);

  String demo_version();
}
