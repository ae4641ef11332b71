package dev.ocipkg.cli;

import picocli.CommandLine;

/** {@code ocipkg --version}: the version of the jar, and of the Java that runs it. */
final class VersionProvider implements CommandLine.IVersionProvider {
  @Override
  public String[] getVersion() {
    String version = OcipkgCommand.class.getPackage().getImplementationVersion();
    return new String[] {
      "ocipkg " + (version == null ? "(development build)" : version),
      "Java " + Runtime.version() + " on " + dev.ocipkg.Platform.current()
    };
  }
}
