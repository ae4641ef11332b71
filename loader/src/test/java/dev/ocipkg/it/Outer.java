package dev.ocipkg.it;

import com.sun.jna.Library;

/** libouter (which needs libinner by SONAME) through JNA. */
public interface Outer extends Library {
  int outer_call(int x);
}
