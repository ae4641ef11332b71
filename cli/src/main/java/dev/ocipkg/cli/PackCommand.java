package dev.ocipkg.cli;

import dev.ocipkg.internal.io.FileTrees;
import dev.ocipkg.tools.ReferenceChecks;
import dev.ocipkg.tools.layout.ArtifactFormat;
import dev.ocipkg.tools.layout.ImageAnnotations;
import dev.ocipkg.tools.layout.LayoutArchiver;
import dev.ocipkg.tools.pack.ArtifactPacker;
import dev.ocipkg.tools.pack.PackRequest;
import dev.ocipkg.tools.pack.PackedImage;
import dev.ocipkg.tools.pack.PlatformContent;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code ocipkg pack}: files or folders per platform into an OCI layout and/or oci-archive. */
@Command(
    name = "pack",
    description = {
      "Pack files or folders, one set per platform, into an ocipkg artifact.",
      "It is written as an OCI image layout (--output), an oci-archive (--archive), or both.",
      "The same inputs give the same digests."
    })
final class PackCommand extends Subcommand {
  @Option(
      names = {"-p", "--platform"},
      required = true,
      paramLabel = "OS/ARCH[/VARIANT][+LIBC]=PATH[,PATH]",
      converter = ArgumentConverters.PlatformContentConverter.class,
      description = {
        "A platform and its files: a folder gives its content, a file itself (repeatable),",
        "e.g. linux/amd64=build/linux-x64, linux/arm64+musl=build/musl/libfoo.so"
      })
  List<PlatformContent> platforms;

  @Option(
      names = {"-o", "--output"},
      paramLabel = "DIR",
      description = "The OCI image layout folder to write (created, or the tag added).")
  @Nullable Path output;

  @Option(
      names = {"-a", "--archive"},
      paramLabel = "FILE.tar",
      description = "The oci-archive file to write.")
  @Nullable Path archive;

  @Option(
      names = {"-t", "--tag"},
      defaultValue = "latest",
      description = "The tag of the image in the layout (default: ${DEFAULT-VALUE}).")
  String tag;

  @Option(
      names = "--name",
      paramLabel = "HOST/REPOSITORY:TAG",
      description = {
        "Name the image in the layout by this full name instead of --tag; required by",
        "--format manifest, since the Rust ocipkg reads the name from index.json."
      })
  @Nullable String name;

  @Option(
      names = "--format",
      paramLabel = "FORMAT",
      converter = ArgumentConverters.FormatConverter.class,
      defaultValue = "index",
      description = {
        "index (default): an OCI image index, one manifest per platform, the loader picks.",
        "manifest: one platform's manifest itself behind the name, no index: what the Rust",
        "ocipkg (cargo-ocipkg) reads and writes."
      })
  ArtifactFormat format;

  @Option(
      names = "--no-check-arch",
      description = {
        "Do not check that ELF, Mach-O and PE files are built for the platform they are",
        "packed under (an x86-64 library under linux/arm64 is refused otherwise)."
      })
  boolean noCheckArch;

  @Option(
      names = "--version",
      paramLabel = "VERSION",
      description = "org.opencontainers.image.version")
  @Nullable String version;

  @Option(names = "--source", paramLabel = "URL", description = "org.opencontainers.image.source")
  @Nullable String source;

  @Option(
      names = "--revision",
      paramLabel = "COMMIT",
      description = "org.opencontainers.image.revision")
  @Nullable String revision;

  @Option(
      names = "--licenses",
      paramLabel = "SPDX",
      description = "org.opencontainers.image.licenses")
  @Nullable String licenses;

  @Option(
      names = "--description",
      paramLabel = "TEXT",
      description = "org.opencontainers.image.description")
  @Nullable String description;

  @Option(
      names = "--created",
      paramLabel = "RFC3339",
      description = "org.opencontainers.image.created (left out unless given: it changes digests)")
  @Nullable String created;

  @Option(
      names = {"-A", "--annotation"},
      paramLabel = "KEY=VALUE",
      description = "Any other annotation, on the index and every manifest (repeatable).")
  Map<String, String> extra = new LinkedHashMap<>();

  @Override
  void run(Context context) throws Exception {
    if (output == null && archive == null) {
      throw usage("nothing to write: give --output DIR, --archive FILE.tar, or both");
    }
    try {
      ReferenceChecks.requireTag(tag);
    } catch (IllegalArgumentException e) {
      throw usage(e.getMessage());
    }
    if (name != null && !ReferenceChecks.isImageName(name)) {
      throw usage(
          "--name \""
              + name
              + "\" is not a full image name HOST[:PORT]/REPOSITORY:TAG, e.g."
              + " ghcr.io/acme/libfoo:1.0");
    }
    if (format == ArtifactFormat.MANIFEST && name == null) {
      throw usage(
          "--format manifest needs --name HOST[:PORT]/REPOSITORY:TAG: the Rust ocipkg reads the"
              + " full image name from index.json");
    }
    String refName = name != null ? name : tag;
    PackRequest request;
    try {
      request = new PackRequest(refName, platforms, annotations(), format, !noCheckArch);
    } catch (IllegalArgumentException e) {
      throw usage(e.getMessage());
    }
    Path layout = output;
    if (layout == null) {
      Path parent = archive.toAbsolutePath().getParent();
      layout = Files.createTempDirectory(Files.createDirectories(parent), ".ocipkg-pack-");
    }
    try {
      PackedImage packed = new ArtifactPacker(context.output().progress()).pack(request, layout);
      if (archive != null) {
        LayoutArchiver.write(layout, archive);
        context.output().info("wrote oci-archive:" + archive + ":" + refName);
      }
      if (output != null) {
        context.output().info("wrote oci:" + output + ":" + refName);
      }
      for (PackedImage.Platform p : packed.platforms()) {
        context
            .output()
            .info(
                String.format(
                    "  %-20s %s  %s, files: %d",
                    p.label(),
                    Sizes.shortDigest(p.manifest().digest()),
                    Sizes.of(p.layer().size()),
                    p.files().size()));
      }
      context.output().result(packed.index().digest().toString());
    } finally {
      if (output == null) {
        FileTrees.deleteQuietly(layout);
      }
    }
  }

  private Map<String, String> annotations() {
    Map<String, String> a = new LinkedHashMap<>(extra);
    put(a, ImageAnnotations.VERSION, version);
    put(a, ImageAnnotations.SOURCE, source);
    put(a, ImageAnnotations.REVISION, revision);
    put(a, ImageAnnotations.LICENSES, licenses);
    put(a, ImageAnnotations.DESCRIPTION, description);
    put(a, ImageAnnotations.CREATED, created);
    return a;
  }

  private static void put(Map<String, String> map, String key, @Nullable String value) {
    if (value != null) {
      map.put(key, value);
    }
  }
}
