package dev.ocipkg.internal.oci;

import dev.ocipkg.Platform;
import java.util.List;

/**
 * An index that offers no build for the wanted platform. The message names the wanted platform and
 * lists the ones on offer; {@link #offered()} gives them to the caller that turns this into the
 * public error.
 */
@SuppressWarnings("serial") // Platform is not serializable; these exceptions are not either
public final class NoMatchingPlatformException extends IllegalStateException {
  private final Platform wanted;
  private final List<Platform> offered;

  public NoMatchingPlatformException(String message, Platform wanted, List<Platform> offered) {
    super(message);
    this.wanted = wanted;
    this.offered = List.copyOf(offered);
  }

  /** The platform that was asked for. */
  public Platform wanted() {
    return wanted;
  }

  /**
   * The platforms that the index offers, each once, in index order; attestation entries ({@code
   * unknown/unknown}) and entries without a platform left out.
   */
  public List<Platform> offered() {
    return offered;
  }
}
