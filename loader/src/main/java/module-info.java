/**
 * ocipkg loader: native libraries fetched from OCI registries, verified, cached and linked.
 *
 * <p>Only {@code dev.ocipkg} is API. Each internal package is exported, qualified, to the front
 * ends of this project whose main code imports it, and to nobody else:
 *
 * <ul>
 *   <li>{@code dev.ocipkg.tools} (ocipkg-tools),
 *   <li>{@code dev.ocipkg.cli} (ocipkg-cli),
 *   <li>{@code dev.ocipkg.maven} (ocipkg-maven-plugin).
 * </ul>
 *
 * <p>Those are the Automatic-Module-Names of jars built after this one, so javac cannot see them
 * here: {@code @SuppressWarnings("module")} silences its "module not found" warning for each target
 * (the category holds javac's module-system warnings on this declaration; without the annotation
 * those are the only ones it gives). The agent gets nothing: its jar carries its own copy of the
 * loader and runs on the class path.
 *
 * <p>Nothing is opened: the loader reads JSON as trees and binds no class of its own by reflection.
 * JNA is optional ({@code requires static}): the module reads it where the application's module
 * graph has it.
 */
@SuppressWarnings("module")
module dev.ocipkg.loader {
  requires static transitive org.jspecify; // the API's signatures carry its annotations
  requires static com.sun.jna; // optional: only NativePackage.jna needs it
  requires org.apache.commons.compress;
  requires com.github.luben.zstd_jni;
  requires static jdk.jfr; // the cold path's JFR events, where the JVM has the module

  exports dev.ocipkg;
  exports dev.ocipkg.internal to
      dev.ocipkg.tools;
  exports dev.ocipkg.internal.config to
      dev.ocipkg.tools,
      dev.ocipkg.cli,
      dev.ocipkg.maven;
  exports dev.ocipkg.internal.io to
      dev.ocipkg.tools,
      dev.ocipkg.cli,
      dev.ocipkg.maven;
  exports dev.ocipkg.internal.http to
      dev.ocipkg.tools;
  exports dev.ocipkg.internal.registry to
      dev.ocipkg.tools,
      dev.ocipkg.cli,
      dev.ocipkg.maven;
  exports dev.ocipkg.internal.oci to
      dev.ocipkg.tools,
      dev.ocipkg.cli,
      dev.ocipkg.maven; // imports none, calls Descriptor.digest() on what the toolbox returns
  exports dev.ocipkg.internal.source to
      dev.ocipkg.tools,
      dev.ocipkg.cli;
  exports dev.ocipkg.internal.store to
      dev.ocipkg.tools,
      dev.ocipkg.cli;
  exports dev.ocipkg.internal.trust to
      dev.ocipkg.tools,
      dev.ocipkg.cli;
  exports dev.ocipkg.internal.registry.credentials to
      dev.ocipkg.cli;
  exports dev.ocipkg.internal.lock to
      dev.ocipkg.tools,
      dev.ocipkg.cli,
      dev.ocipkg.maven;
  exports dev.ocipkg.internal.scan to
      dev.ocipkg.tools,
      dev.ocipkg.maven;
}
