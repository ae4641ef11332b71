package dev.ocipkg.tools.layout;

import java.io.IOException;

/**
 * Files given to pack that cannot go into a package: missing, a link that leads out of its folder,
 * a device or FIFO, a name given twice. The message names the file and the reason.
 */
public final class PackInputException extends IOException {
  private static final long serialVersionUID = 1L;

  public PackInputException(String message) {
    super(message);
  }
}
