/**
 * Where registry credentials come from: explicit configuration, the containers/podman auth file and
 * Docker's {@code config.json} with its credential helpers ({@link DockerCredentials}), and a
 * writer for {@code ocipkg login}/{@code logout} ({@link DockerConfigFile}).
 *
 * <p>Secrets never appear in logs, exception messages or {@code toString()}.
 */
@NullMarked
package dev.ocipkg.internal.registry.credentials;

import org.jspecify.annotations.NullMarked;
