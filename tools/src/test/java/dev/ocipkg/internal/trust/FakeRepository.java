package dev.ocipkg.internal.trust;

import dev.ocipkg.Digest;
import dev.ocipkg.internal.oci.Descriptor;
import dev.ocipkg.internal.oci.ImageIndex;
import dev.ocipkg.internal.oci.MediaTypes;
import dev.ocipkg.internal.oci.OciJson;
import dev.ocipkg.internal.source.FetchedManifest;
import dev.ocipkg.internal.source.NotFoundException;
import dev.ocipkg.tools.layout.OciJsonWriter;
import dev.ocipkg.tools.sign.SignatureBlob;
import dev.ocipkg.tools.sign.SignatureManifest;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * One repository in memory, serving signatures as a registry would: tags, manifests by digest,
 * blobs, and referrers either through the API or (without it) through the referrers tag schema.
 */
final class FakeRepository implements SignatureSource {
  final Map<String, byte[]> tags = new HashMap<>();
  final Map<Digest, byte[]> manifests = new HashMap<>();
  final Map<Digest, byte[]> blobs = new HashMap<>();
  final Map<Digest, List<Descriptor>> referrers = new HashMap<>();
  boolean referrersApi = true;
  int blobReads;

  /** Stores a signature as pushing it would. */
  void push(SignatureManifest signature, @Nullable Digest subject) throws IOException {
    for (SignatureBlob blob : signature.blobs()) {
      blobs.put(blob.descriptor().digest(), blob.bytes());
    }
    manifests.put(signature.digest(), signature.manifest());
    if (signature.tag() != null) {
      tags.put(signature.tag(), signature.manifest());
    }
    if (subject != null) {
      var parsed = OciJson.parseManifest(signature.manifest(), "pushed");
      referrers
          .computeIfAbsent(subject, d -> new ArrayList<>())
          .add(
              new Descriptor(
                  MediaTypes.OCI_MANIFEST,
                  signature.digest(),
                  signature.manifest().length,
                  null,
                  parsed.annotations(),
                  parsed.artifactType(),
                  List.of()));
      // What a client writes where the registry has no referrers API.
      tags.put(
          SignatureFinder.referrersTag(subject),
          OciJsonWriter.index(referrers.get(subject), Map.of()));
    }
  }

  @Override
  public String name() {
    return "fake.example/acme/libfoo";
  }

  @Override
  public @Nullable FetchedManifest fetchTag(String tag) {
    byte[] bytes = tags.get(tag);
    return bytes == null ? null : new FetchedManifest(bytes, Digest.sha256(bytes), null);
  }

  @Override
  public FetchedManifest fetchManifest(Digest digest) throws IOException {
    byte[] bytes = manifests.get(digest);
    if (bytes == null) {
      throw new NotFoundException("no manifest " + digest);
    }
    return new FetchedManifest(bytes, digest, null);
  }

  @Override
  public @Nullable ImageIndex referrers(Digest subject, String artifactType) {
    if (!referrersApi) {
      return null;
    }
    return new ImageIndex(
        MediaTypes.OCI_INDEX, referrers.getOrDefault(subject, List.of()), Map.of(), null);
  }

  @Override
  public byte[] readBlob(Digest digest, long size, int maxBytes) throws IOException {
    blobReads++;
    byte[] bytes = blobs.get(digest);
    if (bytes == null) {
      throw new NotFoundException("no blob " + digest);
    }
    return bytes;
  }
}
