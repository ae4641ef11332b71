package dev.ocipkg.internal.layer;

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
    super("layer " + layer + ": entry \"" + printable(entry) + "\" rejected: " + reason);
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

  /** Escapes control characters so that a hostile name cannot forge log lines. */
  static String printable(String text) {
    StringBuilder out = new StringBuilder(text.length());
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c < 0x20 || c == 0x7f) {
        out.append(String.format("\\u%04x", (int) c));
      } else {
        out.append(c);
      }
    }
    return out.toString();
  }
}
