package dev.ocipkg.testlibs;

import com.sun.jna.Library;

/** The function of {@code libouter.so}, for JNA. */
interface OuterLibrary extends Library {

  int outer_call(int x);
}
