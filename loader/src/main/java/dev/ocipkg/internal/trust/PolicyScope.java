package dev.ocipkg.internal.trust;

import dev.ocipkg.internal.io.JsonValue;

/**
 * Where in a policy a reference's requirements came from, for messages and records: {@code
 * transports.docker["ghcr.io/acme"]}, {@code transports.docker[""]} (the transport's default) or
 * {@code default}.
 *
 * @param transport {@code docker}, {@code oci} or {@code oci-archive}; empty for the global default
 * @param scope the scope key; empty for a transport's default
 */
public record PolicyScope(String transport, String scope) {
  static final PolicyScope GLOBAL_DEFAULT = new PolicyScope("", "");

  public boolean isGlobalDefault() {
    return transport.isEmpty();
  }

  @Override
  public String toString() {
    return isGlobalDefault()
        ? "default"
        : "transports." + transport + "[" + JsonValue.quote(scope) + "]";
  }
}
