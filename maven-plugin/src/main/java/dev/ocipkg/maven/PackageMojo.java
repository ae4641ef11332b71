package dev.ocipkg.maven;

import dev.ocipkg.internal.io.FileTrees;
import dev.ocipkg.tools.ReferenceChecks;
import dev.ocipkg.tools.layout.ArtifactFormat;
import dev.ocipkg.tools.layout.ImageAnnotations;
import dev.ocipkg.tools.layout.LayoutArchiver;
import dev.ocipkg.tools.pack.ArtifactPacker;
import dev.ocipkg.tools.pack.PackRequest;
import dev.ocipkg.tools.pack.PackedImage;
import dev.ocipkg.tools.pack.PlatformContent;
import java.io.File;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.maven.model.License;
import org.apache.maven.plugin.AbstractMojo;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugins.annotations.LifecyclePhase;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;
import org.apache.maven.project.MavenProject;

/**
 * Packs native libraries, a folder per platform, into an ocipkg artifact. It is written twice: as
 * an OCI layout ({@code target/ocipkg/layout}), which {@code ocipkg:push} reads, and as an
 * oci-archive ({@code target/ocipkg_HASH.tar}, where HASH is the first 16 hex digits of the root
 * digest, so that the same inputs give the same name). The annotations come from the project: its
 * version, its scm url (else its url) as the source, the git commit as the revision, its
 * description and its licenses.
 */
@Mojo(name = "package", defaultPhase = LifecyclePhase.PACKAGE, threadSafe = true)
public class PackageMojo extends AbstractMojo {
  /**
   * The platforms to pack. Each {@code <platform>} has a {@code <name>} ({@code
   * os/arch[/variant][+libc]}, e.g. {@code linux/amd64} or {@code linux/arm64+musl}) and a {@code
   * <directory>} (or a single file) whose content is that platform's package.
   */
  @Parameter(required = true)
  List<PlatformFolder> platforms;

  /** The tag of the image in the layout, which {@code ocipkg:push} reads. */
  @Parameter(property = "ocipkg.tag", defaultValue = "${project.version}")
  String tag;

  /**
   * The full image name {@code HOST/REPOSITORY:TAG} that names the image in the layout instead of
   * the tag. It is required by the manifest format, since the Rust ocipkg reads it from {@code
   * index.json}.
   */
  @Parameter(property = "ocipkg.imageName")
  String imageName;

  /**
   * The shape of the artifact. With {@code index} (the default) it is an OCI image index with one
   * manifest per platform, from which the loader picks its own. With {@code manifest} it is one
   * platform's manifest itself behind the name, with no index, which is what the Rust ocipkg
   * (cargo-ocipkg) reads.
   */
  @Parameter(property = "ocipkg.format", defaultValue = "index")
  String format;

  /**
   * Whether ELF, Mach-O and PE files must be built for the platform they are packed under. An
   * x86-64 library under {@code linux/arm64} fails the build unless this is false.
   */
  @Parameter(property = "ocipkg.checkArchitecture", defaultValue = "true")
  boolean checkArchitecture;

  /** The OCI image layout folder to write. It is emptied first. */
  @Parameter(property = "ocipkg.layout", defaultValue = "${project.build.directory}/ocipkg/layout")
  File layout;

  /** The folder where the oci-archive {@code ocipkg_HASH.tar} is written. */
  @Parameter(defaultValue = "${project.build.directory}")
  File archiveDirectory;

  /**
   * The {@code org.opencontainers.image.source} annotation. By default it is the project's scm url,
   * else the project's url.
   */
  @Parameter String source;

  /**
   * The {@code org.opencontainers.image.revision} annotation, which {@code ocipkg:push} also tags
   * the image with. By default it is the git commit of the project folder.
   */
  @Parameter(property = "ocipkg.revision")
  String revision;

  /** More annotations, written on the index and on every manifest. */
  @Parameter Map<String, String> annotations = new LinkedHashMap<>();

  /** Skip this goal. */
  @Parameter(property = "ocipkg.skip", defaultValue = "false")
  boolean skip;

  @Parameter(defaultValue = "${project}", readonly = true, required = true)
  MavenProject project;

  @Override
  public void execute() throws MojoExecutionException, MojoFailureException {
    if (skip) {
      getLog().info("ocipkg:package skipped");
      return;
    }
    PackRequest request = request();
    try {
      // A fresh layout each time: blobs of an earlier build must not linger in what is pushed.
      FileTrees.deleteRecursively(layout.toPath());
      PackedImage packed =
          new ArtifactPacker(new MavenLogListener(getLog())).pack(request, layout.toPath());
      String hash = packed.index().digest().hex().substring(0, 16);
      Path archive = archiveDirectory.toPath().resolve("ocipkg_" + hash + ".tar");
      deleteOtherArchives(archive);
      LayoutArchiver.write(layout.toPath(), archive);
      getLog().info("Wrote OCI layout " + layout + " (" + packed.tag() + ")");
      getLog().info("Wrote oci-archive " + archive);
      for (PackedImage.Platform p : packed.platforms()) {
        getLog()
            .info(
                String.format(
                    "  %-20s %s  %d files",
                    p.label(),
                    MavenLogListener.shortDigest(p.manifest().digest()),
                    p.files().size()));
      }
      getLog().info("Index digest " + packed.index().digest());
      project.getProperties().setProperty("ocipkg.digest", packed.index().digest().toString());
      project.getProperties().setProperty("ocipkg.archive", archive.toString());
    } catch (IOException | IllegalArgumentException e) {
      throw new MojoExecutionException("ocipkg:package failed: " + e.getMessage(), e);
    }
  }

  private PackRequest request() throws MojoFailureException {
    try {
      ReferenceChecks.requireTag(tag);
    } catch (IllegalArgumentException e) {
      throw new MojoFailureException("<tag>: " + e.getMessage(), e);
    }
    List<PlatformContent> contents = new ArrayList<>();
    for (PlatformFolder folder : platforms) {
      if (folder.name == null || folder.paths().isEmpty()) {
        throw new MojoFailureException("each <platform> needs a <name> and a <directory>");
      }
      for (File f : folder.paths()) {
        if (!f.exists()) {
          throw new MojoFailureException("platform " + folder.name + ": " + f + " does not exist");
        }
      }
      String spec =
          folder.name
              + "="
              + folder.paths().stream().map(File::getPath).collect(Collectors.joining(","));
      try {
        contents.add(PlatformContent.parse(spec, project.getBasedir().toPath()));
      } catch (IllegalArgumentException e) {
        throw new MojoFailureException("<platform> " + folder.name + ": " + e.getMessage(), e);
      }
    }
    ArtifactFormat shape;
    try {
      shape = ArtifactFormat.parse(format);
    } catch (IllegalArgumentException e) {
      throw new MojoFailureException("<format>: " + e.getMessage(), e);
    }
    if (shape == ArtifactFormat.MANIFEST && (imageName == null || imageName.isBlank())) {
      throw new MojoFailureException(
          "<format>manifest</format> needs <imageName>HOST/REPOSITORY:TAG</imageName>: the Rust"
              + " ocipkg reads the full image name from index.json");
    }
    String name = imageName == null || imageName.isBlank() ? tag : imageName.strip();
    try {
      return new PackRequest(name, contents, annotationsFromProject(), shape, checkArchitecture);
    } catch (IllegalArgumentException e) {
      throw new MojoFailureException(e.getMessage(), e);
    }
  }

  private Map<String, String> annotationsFromProject() {
    Map<String, String> a = new LinkedHashMap<>(annotations);
    put(a, ImageAnnotations.VERSION, project.getVersion());
    String src = source;
    if (src == null && project.getScm() != null) {
      src = project.getScm().getUrl();
    }
    put(a, ImageAnnotations.SOURCE, src != null ? src : project.getUrl());
    put(
        a,
        ImageAnnotations.REVISION,
        revision != null ? revision : GitCommit.fullHash(project.getBasedir()).orElse(null));
    put(a, ImageAnnotations.DESCRIPTION, project.getDescription());
    // Maven lists licenses a project may be used under: an SPDX "OR".
    String licenses =
        project.getLicenses().stream()
            .map(License::getName)
            .filter(n -> n != null && !n.isBlank())
            .collect(Collectors.joining(" OR "));
    put(a, ImageAnnotations.LICENSES, licenses.isEmpty() ? null : licenses);
    return a;
  }

  private static void put(Map<String, String> map, String key, String value) {
    if (value != null && !value.isBlank()) {
      map.putIfAbsent(key, value.strip());
    }
  }

  private static void deleteOtherArchives(Path keep) throws IOException {
    Files.createDirectories(keep.getParent());
    try (DirectoryStream<Path> old = Files.newDirectoryStream(keep.getParent(), "ocipkg_*.tar")) {
      for (Path p : old) {
        if (!p.equals(keep)) {
          Files.delete(p);
        }
      }
    }
  }
}
