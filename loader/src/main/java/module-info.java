/**
 * ocipkg loader: native libraries fetched from OCI registries, verified, cached and linked.
 *
 * <p>Only {@code dev.ocipkg} is API. The internal packages are exported to this project's own
 * toolbox and front ends (tools, agent, command line, Maven plugin) and to nobody else.
 */
module dev.ocipkg.loader {
  requires static org.jspecify;
  requires static com.sun.jna; // optional: only NativePackage.jna needs it
  requires com.fasterxml.jackson.databind;
  requires org.apache.commons.compress;
  requires com.github.luben.zstd_jni;
  requires okhttp3;
  requires com.github.benmanes.caffeine;

  exports dev.ocipkg;
  exports dev.ocipkg.internal to
      dev.ocipkg.tools,
      dev.ocipkg.agent,
      dev.ocipkg.cli,
      dev.ocipkg.maven;
  exports dev.ocipkg.internal.io to
      dev.ocipkg.tools,
      dev.ocipkg.agent,
      dev.ocipkg.cli,
      dev.ocipkg.maven;
  exports dev.ocipkg.internal.layer to
      dev.ocipkg.tools,
      dev.ocipkg.agent,
      dev.ocipkg.cli,
      dev.ocipkg.maven;
  exports dev.ocipkg.internal.link to
      dev.ocipkg.tools,
      dev.ocipkg.agent,
      dev.ocipkg.cli,
      dev.ocipkg.maven;
  exports dev.ocipkg.internal.oci to
      dev.ocipkg.tools,
      dev.ocipkg.agent,
      dev.ocipkg.cli,
      dev.ocipkg.maven;
  exports dev.ocipkg.internal.registry to
      dev.ocipkg.tools,
      dev.ocipkg.agent,
      dev.ocipkg.cli,
      dev.ocipkg.maven;
  exports dev.ocipkg.internal.registry.credentials to
      dev.ocipkg.tools,
      dev.ocipkg.agent,
      dev.ocipkg.cli,
      dev.ocipkg.maven;
  exports dev.ocipkg.internal.source to
      dev.ocipkg.tools,
      dev.ocipkg.agent,
      dev.ocipkg.cli,
      dev.ocipkg.maven;
  exports dev.ocipkg.internal.store to
      dev.ocipkg.tools,
      dev.ocipkg.agent,
      dev.ocipkg.cli,
      dev.ocipkg.maven;
  exports dev.ocipkg.internal.trust to
      dev.ocipkg.tools,
      dev.ocipkg.agent,
      dev.ocipkg.cli,
      dev.ocipkg.maven;
}
