package dev.ocipkg.internal.jfr;

import jdk.jfr.Category;
import jdk.jfr.DataAmount;
import jdk.jfr.Description;
import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.StackTrace;

/** One blob downloaded (and verified) into the cache. */
@Name("dev.ocipkg.Download")
@Label("ocipkg Download")
@Category({"ocipkg"})
@Description("A blob of a native package downloaded and verified")
@StackTrace(false)
final class DownloadEvent extends jdk.jfr.Event {
  @Label("Blob")
  String blob;

  @Label("Size")
  @DataAmount
  long size;

  @Label("Outcome")
  String outcome;
}
