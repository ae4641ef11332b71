package dev.ocipkg.tools.transfer;

import dev.ocipkg.Digest;
import dev.ocipkg.ImageReference;
import dev.ocipkg.internal.io.FileTrees;
import dev.ocipkg.internal.io.TransferListener;
import dev.ocipkg.internal.oci.Annotations;
import dev.ocipkg.internal.oci.Descriptor;
import dev.ocipkg.internal.oci.ImageIndex;
import dev.ocipkg.internal.oci.OciJson;
import dev.ocipkg.internal.registry.Repository;
import dev.ocipkg.internal.source.ContentSource;
import dev.ocipkg.internal.source.NotFoundException;
import dev.ocipkg.tools.layout.ArtifactFormat;
import dev.ocipkg.tools.layout.LayoutArchiver;
import dev.ocipkg.tools.layout.LayoutWriter;
import dev.ocipkg.tools.sign.SignatureCopier;
import dev.ocipkg.tools.sign.SignatureManifest;
import dev.ocipkg.tools.sign.SignaturePusher;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Push and copy: moves one image with all its platforms from a registry, layout or archive to a
 * registry, layout or archive. A registry is always written by {@link LayoutPusher}, from the
 * source layout itself where the source is one, else from a temporary layout that {@link
 * ImageCopier} fills; an archive is written by {@link LayoutArchiver} from such a layout.
 */
public final class ImageTransfer {
  private final ImageSources sources;
  private final long chunkSize;
  private final TransferListener listener;
  private final boolean carrySignatures;

  /**
   * A transfer that carries the image's cosign signatures along ({@link SignatureCopier}).
   *
   * @param chunkSize 0 for monolithic blob uploads, else the size of chunked uploads
   */
  public ImageTransfer(ImageSources sources, long chunkSize, TransferListener listener) {
    this(sources, chunkSize, listener, true);
  }

  private ImageTransfer(
      ImageSources sources, long chunkSize, TransferListener listener, boolean carrySignatures) {
    this.sources = sources;
    this.chunkSize = chunkSize;
    this.listener = listener;
    this.carrySignatures = carrySignatures;
  }

  /** This transfer, leaving the image's signatures behind. */
  public ImageTransfer withoutSignatures() {
    return new ImageTransfer(sources, chunkSize, listener, false);
  }

  /**
   * What a transfer did.
   *
   * @param root the digest of the image (index or manifest), the same at both ends
   * @param push what the push did with each blob, where the target is a registry; else null
   * @param signatures how many cosign signatures of {@code root} were carried along
   */
  public record Result(Digest root, @Nullable PushReport push, int signatures) {}

  /**
   * Copies the image {@code from} names to {@code to}.
   *
   * @param extraTags tags given to the image at a registry target besides the target's own
   * @param mountFrom a repository of the target registry to mount blobs from, or null
   */
  public Result copy(
      ImageReference from, ImageReference to, List<String> extraTags, @Nullable String mountFrom)
      throws IOException {
    return copy(from, to, extraTags, mountFrom, null);
  }

  /**
   * As {@link #copy(ImageReference, ImageReference, List, String)}, pushing in {@code format} to a
   * registry target (null: as the source holds the image); see {@link LayoutPusher}.
   */
  public Result copy(
      ImageReference from,
      ImageReference to,
      List<String> extraTags,
      @Nullable String mountFrom,
      @Nullable ArtifactFormat format)
      throws IOException {
    if (format != null && to.kind() != ImageReference.Kind.REGISTRY) {
      throw new IllegalArgumentException(
          "an artifact format applies to a push to a registry, and " + to + " is not one");
    }
    if (to.digest() != null && to.kind() != ImageReference.Kind.REGISTRY) {
      throw new IllegalArgumentException(
          "the target " + to + " names a digest; name a tag (or nothing) for a layout or archive");
    }
    switch (to.kind()) {
      case REGISTRY:
        {
          PushReport report = push(from, to, extraTags, mountFrom, format);
          List<SignatureManifest> signatures = signaturesOf(from, report.root());
          SignaturePusher pusher = new SignaturePusher(sources.registry());
          for (SignatureManifest signature : signatures) {
            pusher.push(Repository.of(to), report.root(), signature);
          }
          return new Result(report.root(), report, signatures.size());
        }
      case OCI_LAYOUT:
        {
          LayoutWriter layout = LayoutWriter.open(Objects.requireNonNull(to.path()));
          Digest root = toLayout(from, layout, targetTag(from, to)).digest();
          List<SignatureManifest> signatures = signaturesOf(from, root);
          SignatureCopier.write(layout, root, signatures);
          return new Result(root, null, signatures.size());
        }
      default:
        Path archive = Objects.requireNonNull(to.path());
        Path staging = Files.createTempDirectory(parentOf(archive), ".ocipkg-archive-");
        try {
          LayoutWriter layout = LayoutWriter.open(staging);
          Digest root = toLayout(from, layout, targetTag(from, to)).digest();
          List<SignatureManifest> signatures = signaturesOf(from, root);
          SignatureCopier.write(layout, root, signatures);
          LayoutArchiver.write(staging, archive);
          return new Result(root, null, signatures.size());
        } finally {
          FileTrees.deleteQuietly(staging);
        }
    }
  }

  /** The signatures of {@code root} where {@code from} keeps them; none if not carried. */
  private List<SignatureManifest> signaturesOf(ImageReference from, Digest root)
      throws IOException {
    if (!carrySignatures) {
      return List.of();
    }
    try (ContentSource source = sources.open(from)) {
      return SignatureCopier.read(sources.signatures(from, source), root);
    }
  }

  private PushReport push(
      ImageReference from,
      ImageReference to,
      List<String> extraTags,
      @Nullable String mountFrom,
      @Nullable ArtifactFormat format)
      throws IOException {
    List<String> tags = new ArrayList<>();
    if (to.tag() != null) {
      tags.add(to.tag());
    }
    for (String tag : extraTags) {
      if (!tags.contains(tag)) {
        tags.add(tag);
      }
    }
    LayoutPusher pusher = new LayoutPusher(sources.registry(), chunkSize, listener);
    Repository repository = Repository.of(to);
    String layoutTag = from.kind() == ImageReference.Kind.OCI_LAYOUT ? layoutTagOf(from) : null;
    if (layoutTag != null) {
      PushReport report =
          pusher.push(
              Objects.requireNonNull(from.path()), layoutTag, repository, tags, mountFrom, format);
      return report;
    }
    Path staging = Files.createTempDirectory("ocipkg-push-");
    try {
      toLayout(from, LayoutWriter.open(staging), "staged");
      return pusher.push(staging, "staged", repository, tags, mountFrom, format);
    } finally {
      FileTrees.deleteQuietly(staging);
    }
  }

  /**
   * The tag in a source layout's {@code index.json} that names the image: the reference's own, else
   * the only one there. Null where the image must be staged (pinned by digest, or not tagged).
   */
  private static @Nullable String layoutTagOf(ImageReference from) throws IOException {
    if (from.digest() != null) {
      return null;
    }
    if (from.tag() != null) {
      return from.tag();
    }
    Path dir = Objects.requireNonNull(from.path());
    Path indexJson = dir.resolve("index.json");
    if (!Files.isRegularFile(indexJson)) {
      throw new NotFoundException(dir + " is not an OCI image layout (no index.json in it)");
    }
    ImageIndex index = OciJson.parseIndex(Files.readAllBytes(indexJson), indexJson.toString());
    List<String> names = index.refNames();
    List<Descriptor> images = index.images();
    String only = images.size() == 1 ? images.get(0).annotation(Annotations.REF_NAME) : null;
    if (only != null) {
      return only;
    }
    if (images.size() > 1) {
      throw new NotFoundException(
          dir + " holds several images; name one as oci:" + dir + ":TAG (it holds " + names + ")");
    }
    return null;
  }

  private Descriptor toLayout(ImageReference from, LayoutWriter target, String targetTag)
      throws IOException {
    try (ContentSource source = sources.open(from)) {
      return new ImageCopier(listener).copy(source, from.tag(), from.digest(), target, targetTag);
    }
  }

  /** The target's tag, else the source's, else {@code latest}. */
  private static String targetTag(ImageReference from, ImageReference to) {
    if (to.tag() != null) {
      return to.tag();
    }
    return from.tag() != null ? from.tag() : "latest";
  }

  private static Path parentOf(Path file) throws IOException {
    Path parent = file.toAbsolutePath().getParent();
    return Files.createDirectories(parent);
  }
}
