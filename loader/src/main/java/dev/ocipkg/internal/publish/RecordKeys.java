package dev.ocipkg.internal.publish;

import dev.ocipkg.Platform;
import org.jspecify.annotations.Nullable;

/**
 * The platform half of the loader's resolution-record keys, as {@code PackageResolver} forms them:
 * {@code platform=P} for a configured platform, {@code host=os/arch} for an application that sets
 * none. Kept here because the resolver does not expose its own; {@code FetchIT} fails if the two
 * ever differ (an application would then miss a fetched cache).
 */
final class RecordKeys {
  private RecordKeys() {}

  /** The key of a loader configured for {@code platform}; null: this host's. */
  static String of(@Nullable Platform platform) {
    return platform != null ? "platform=" + platform : host(Platform.current());
  }

  /** The key of a loader with no platform configured, on a host of {@code platform}. */
  static String host(Platform platform) {
    return "host=" + Platform.of(platform.os(), platform.architecture(), null);
  }
}
