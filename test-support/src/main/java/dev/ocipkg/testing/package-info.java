/**
 * Test infrastructure for ocipkg: the real CNCF Distribution registry ({@code docker-registry})
 * started on a loopback port in the modes users meet, a test token service, a test certificate
 * authority, a {@code skopeo} wrapper as the independent client, deterministic OCI image layout
 * fixtures, and a fault-injecting HTTP proxy to put between a client and the registry.
 *
 * <p>Entry points: {@link dev.ocipkg.testing.RegistryExtension} (JUnit 5), {@link
 * dev.ocipkg.testing.RegistryServer} (programmatic, for stop and restart), {@link
 * dev.ocipkg.testing.Skopeo}, {@link dev.ocipkg.testing.OciLayoutWriter} and {@link
 * dev.ocipkg.testing.FaultProxy} with its {@link dev.ocipkg.testing.Fault} rules.
 */
@NullMarked
package dev.ocipkg.testing;

import org.jspecify.annotations.NullMarked;
