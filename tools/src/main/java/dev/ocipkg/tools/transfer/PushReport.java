package dev.ocipkg.tools.transfer;

import dev.ocipkg.Digest;
import java.util.List;

/**
 * What a push did with each blob, and what it tagged.
 *
 * @param uploaded blobs sent to the registry
 * @param skipped blobs the repository already had (found by HEAD)
 * @param mounted blobs mounted from another repository of the registry
 * @param root the digest of the pushed index or manifest
 * @param tags the tags that now point at it
 */
public record PushReport(
    List<Digest> uploaded,
    List<Digest> skipped,
    List<Digest> mounted,
    Digest root,
    List<String> tags) {}
