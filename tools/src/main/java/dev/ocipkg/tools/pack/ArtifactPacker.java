package dev.ocipkg.tools.pack;

import dev.ocipkg.internal.io.TransferListener;
import dev.ocipkg.internal.oci.Annotations;
import dev.ocipkg.internal.oci.Descriptor;
import dev.ocipkg.internal.oci.MediaTypes;
import dev.ocipkg.tools.layout.ArtifactFormat;
import dev.ocipkg.tools.layout.LayoutWriter;
import dev.ocipkg.tools.layout.OciJsonWriter;
import dev.ocipkg.tools.layout.PackInputException;
import dev.ocipkg.tools.layout.ReproducibleTar;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Packs files or folders per platform into an ocipkg artifact in an OCI image layout (DESIGN.md,
 * "Artifact format"): an image index with one {@code platform} descriptor per build ({@code
 * dev.ocipkg.libc} annotation where a C library is named), and per platform a manifest with {@code
 * artifactType} {@value MediaTypes#OCIPKG_ARTIFACT}, an ocipkg config listing the layer's files,
 * and one {@link ReproducibleTar} tar+gzip layer. The request's annotations go on the index and on
 * every manifest. In the {@link ArtifactFormat#MANIFEST} format the one platform's manifest is
 * named in {@code index.json} itself, with no index.
 *
 * <p>Reproducible: the same files (names, contents, link targets, executable bits), platforms, tag
 * and annotations give the same bytes, so the same digests, whatever the day, user, umask or file
 * times. Only the deflate implementation (the JDK's zlib) could change the compressed bytes between
 * machines. Every input is checked before anything is written.
 */
public final class ArtifactPacker {
  private final TransferListener listener;

  public ArtifactPacker(TransferListener listener) {
    this.listener = listener;
  }

  /**
   * ORAS's title {@code "."} and {@code io.deis.oras.content.unpack: true}: {@code oras pull
   * --platform P} then unpacks the layer into its output folder, as the package's files. The tar's
   * entries stay at its root, where the loader (which reads ocipkg's layer type as a tar at the
   * package root, whatever the annotations) and the Rust ocipkg (which reads no annotation) take
   * them; a title naming a folder would need every entry under that folder.
   */
  static final Map<String, String> ORAS_LAYER_ANNOTATIONS =
      java.util.Collections.unmodifiableMap(
          new java.util.TreeMap<>(
              Map.of(
                  "org.opencontainers.image.title", ".", "io.deis.oras.content.unpack", "true")));

  private static Descriptor withOrasAnnotations(Descriptor layer) {
    return new Descriptor(
        layer.mediaType(),
        layer.digest(),
        layer.size(),
        null,
        ORAS_LAYER_ANNOTATIONS,
        null,
        List.of());
  }

  /** Packs {@code request} into the layout folder {@code layout} (created, or added to). */
  public PackedImage pack(PackRequest request, Path layout) throws IOException {
    List<ReproducibleTar> tars = new ArrayList<>();
    for (PlatformContent content : request.platforms()) {
      ReproducibleTar tar = ReproducibleTar.of(content.label(), content.paths());
      if (request.checkArchitecture()) {
        ArchitectureCheck.check(content.label(), content.platform(), tar.regularFiles());
      }
      tars.add(tar);
    }
    boolean single = request.format() == ArtifactFormat.MANIFEST;
    LayoutWriter writer = LayoutWriter.open(layout);
    if (single) {
      List<String> others = new ArrayList<>(writer.refNames());
      others.remove(request.tag());
      if (!others.isEmpty()) {
        throw new PackInputException(
            layout
                + " already holds "
                + others
                + "; the manifest format is alone in index.json (the Rust ocipkg reads only its"
                + " first entry): write it into a new folder");
      }
    }
    List<Descriptor> entries = new ArrayList<>();
    List<PackedImage.Platform> packed = new ArrayList<>();
    for (int i = 0; i < tars.size(); i++) {
      PlatformContent content = request.platforms().get(i);
      ReproducibleTar tar = tars.get(i);
      Descriptor layer =
          withOrasAnnotations(
              writer.writeBlob(MediaTypes.OCIPKG_LAYER_TAR_GZIP, tar::writeTarGzip));
      listener.finished(layer.digest(), layer.size(), TransferListener.Outcome.WRITTEN);
      Descriptor config =
          writer.writeBlob(
              MediaTypes.OCIPKG_CONFIG,
              OciJsonWriter.ocipkgConfig(Map.of(layer.digest(), tar.fileNames())));
      Descriptor manifest =
          writer.writeBlob(
              MediaTypes.OCI_MANIFEST,
              OciJsonWriter.manifest(
                  MediaTypes.OCIPKG_ARTIFACT, config, List.of(layer), request.annotations()));
      listener.manifestWritten(manifest.digest(), content.label());
      Descriptor entry =
          new Descriptor(
              manifest.mediaType(),
              manifest.digest(),
              manifest.size(),
              content.platform(),
              content.libc() == null ? Map.of() : Map.of(Annotations.LIBC, content.libc()),
              null,
              List.of());
      entries.add(entry);
      packed.add(new PackedImage.Platform(content.label(), entry, layer, tar.fileNames()));
    }
    if (single) {
      // The manifest itself behind the name, as the Rust ocipkg writes it: no index.
      Descriptor manifest =
          Descriptor.of(MediaTypes.OCI_MANIFEST, entries.get(0).digest(), entries.get(0).size());
      writer.tag(request.tag(), manifest);
      return new PackedImage(layout, request.tag(), manifest, packed);
    }
    Descriptor index =
        writer.writeBlob(MediaTypes.OCI_INDEX, OciJsonWriter.index(entries, request.annotations()));
    writer.tag(request.tag(), index);
    listener.manifestWritten(index.digest(), request.tag());
    return new PackedImage(layout, request.tag(), index, packed);
  }
}
