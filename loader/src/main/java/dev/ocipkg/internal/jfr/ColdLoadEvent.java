package dev.ocipkg.internal.jfr;

import jdk.jfr.Category;
import jdk.jfr.Description;
import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.StackTrace;

/** A load that fetched its package: resolve, download, verify, extract. */
@Name("dev.ocipkg.ColdLoad")
@Label("ocipkg Cold Load")
@Category({"ocipkg"})
@Description("A native package fetched, verified and extracted into the cache")
@StackTrace(false)
final class ColdLoadEvent extends jdk.jfr.Event {
  @Label("Reference")
  String reference;

  @Label("Platform Manifest")
  String manifest;

  @Label("Outcome")
  String outcome;
}
