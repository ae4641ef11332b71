package dev.ocipkg.internal.oci;

import dev.ocipkg.Platform;
import dev.ocipkg.internal.io.ForeignText;
import java.util.ArrayList;
import java.util.List;

/**
 * An artifact that offers no build for the wanted platform. The message names the wanted platform
 * and lists the ones on offer; {@link #offered()} gives them to the caller that turns this into the
 * public error, {@link #offers()} the same list as the message says it.
 */
@SuppressWarnings("serial") // Platform is not serializable; these exceptions are not either
public final class NoMatchingPlatformException extends IllegalStateException {
  /** How many platforms a message lists before it says how many more there are. */
  static final int MAX_LISTED = 20;

  private final Platform wanted;
  private final List<Platform> offered;
  private final String offers;
  private final String searched;

  /**
   * @param what what was searched, for the message: {@code "the index"}
   * @param constraints what else the wanted build needed, e.g. {@code " for this host, musl"}, or
   *     empty
   * @param labels each offered platform as the message names it ({@code linux/amd64 (musl)}), in
   *     the artifact's order
   * @param offered the offered platforms, each once, in the artifact's order
   */
  public NoMatchingPlatformException(
      String what,
      Platform wanted,
      String constraints,
      List<String> labels,
      List<Platform> offered) {
    this(wanted, offered, offers(labels), what, constraints);
  }

  private NoMatchingPlatformException(
      Platform wanted, List<Platform> offered, String offers, String what, String constraints) {
    super(
        "no "
            + ForeignText.escape(wanted.toString())
            + " in "
            + what
            + constraints
            + "; "
            + offers);
    this.wanted = wanted;
    this.offered = List.copyOf(offered);
    this.offers = offers;
    this.searched = what + constraints;
  }

  /** The platform that was asked for. */
  public Platform wanted() {
    return wanted;
  }

  /**
   * The platforms that the artifact offers, each once, in its order; attestation entries ({@code
   * unknown/unknown}) and entries without a platform left out.
   */
  public List<Platform> offered() {
    return offered;
  }

  /**
   * What the artifact offers, as the message says it: {@code it offers linux/amd64, linux/arm64},
   * at most {@value #MAX_LISTED} platforms and then how many more, foreign text escaped.
   */
  public String offers() {
    return offers;
  }

  /** What was searched, and what else the build needed: {@code the index for this host, musl}. */
  public String searched() {
    return searched;
  }

  private static String offers(List<String> labels) {
    if (labels.isEmpty()) {
      return "it names no platform in any entry";
    }
    List<String> listed = new ArrayList<>();
    for (int i = 0; i < labels.size() && i < MAX_LISTED; i++) {
      listed.add(ForeignText.escape(labels.get(i)));
    }
    String more =
        labels.size() > MAX_LISTED ? " and " + (labels.size() - MAX_LISTED) + " more" : "";
    return "it offers " + String.join(", ", listed) + more;
  }
}
