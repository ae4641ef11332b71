package dev.ocipkg.maven;

import dev.ocipkg.Digest;
import dev.ocipkg.internal.io.TransferListener;
import org.apache.maven.plugin.logging.Log;

/** Renders transfer progress in the Maven log: one line per blob and per manifest or tag. */
final class MavenLogListener implements TransferListener {
  private final Log log;

  MavenLogListener(Log log) {
    this.log = log;
  }

  @Override
  public void finished(Digest digest, long size, TransferListener.Outcome outcome) {
    log.info(String.format("  %-8s %s (%d bytes)", outcome, shortDigest(digest), size));
  }

  @Override
  public void manifestWritten(Digest digest, String name) {
    if (!name.equals(digest.toString())) {
      log.info(String.format("  %-8s %s -> %s", "manifest", name, shortDigest(digest)));
    }
  }

  static String shortDigest(Digest digest) {
    return digest.algorithm() + ":" + digest.hex().substring(0, 12);
  }
}
