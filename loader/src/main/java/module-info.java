/**
 * ocipkg loader: native libraries fetched from OCI registries, verified, cached and linked.
 *
 * <p>Only {@code dev.ocipkg} is API. The internal packages are exported to this project's own front
 * ends (agent, command line, Maven plugin) and to nobody else.
 */
module dev.ocipkg.loader {
  requires static org.jspecify;
  requires com.sun.jna;
  requires com.fasterxml.jackson.databind;
  requires org.apache.commons.compress;
  requires com.github.luben.zstd_jni;
  requires okhttp3;
  requires com.github.benmanes.caffeine;

  exports dev.ocipkg;
  exports dev.ocipkg.internal to
      dev.ocipkg.agent,
      dev.ocipkg.cli,
      dev.ocipkg.maven;
  exports dev.ocipkg.internal.oci to
      dev.ocipkg.agent,
      dev.ocipkg.cli,
      dev.ocipkg.maven;
  exports dev.ocipkg.internal.registry to
      dev.ocipkg.agent,
      dev.ocipkg.cli,
      dev.ocipkg.maven;
  exports dev.ocipkg.internal.publish to
      dev.ocipkg.agent,
      dev.ocipkg.cli,
      dev.ocipkg.maven;
  exports dev.ocipkg.internal.trust to
      dev.ocipkg.agent,
      dev.ocipkg.cli,
      dev.ocipkg.maven;
  exports dev.ocipkg.internal.publish.sign to
      dev.ocipkg.agent,
      dev.ocipkg.cli,
      dev.ocipkg.maven;
  exports dev.ocipkg.internal.link to
      dev.ocipkg.agent,
      dev.ocipkg.cli,
      dev.ocipkg.maven;
}
