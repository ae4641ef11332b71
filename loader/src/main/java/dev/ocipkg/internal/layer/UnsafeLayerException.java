package dev.ocipkg.internal.layer;

import dev.ocipkg.internal.io.ForeignText;
import java.io.IOException;

/**
 * A layer entry that extraction refuses: it would leave the package, write through a link, create a
 * device, cannot exist on Windows, or exceeds a limit. The message names the layer, the entry and
 * the reason.
 */
public final class UnsafeLayerException extends IOException {
  private static final long serialVersionUID = 1L;

  private final String layer;
  private final String entry;
  private final String reason;

  UnsafeLayerException(String layer, String entry, String reason) {
    super("layer " + layer + ": entry \"" + ForeignText.escape(entry) + "\" rejected: " + reason);
    this.layer = layer;
    this.entry = entry;
    this.reason = reason;
  }

  /** The layer's name as the caller gave it, usually its digest. */
  public String layer() {
    return layer;
  }

  /** The offending entry name exactly as the archive spells it. */
  public String entry() {
    return entry;
  }

  /** Why the entry was refused, without layer and entry. */
  public String reason() {
    return reason;
  }
}
