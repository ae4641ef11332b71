package dev.ocipkg.maven;

import dev.ocipkg.internal.io.FileTrees;
import dev.ocipkg.internal.publish.ArtifactPacker;
import dev.ocipkg.internal.publish.ImageAnnotations;
import dev.ocipkg.internal.publish.LayoutArchiver;
import dev.ocipkg.internal.publish.PackRequest;
import dev.ocipkg.internal.publish.PackedImage;
import dev.ocipkg.internal.publish.PlatformContent;
import dev.ocipkg.internal.publish.ReferenceChecks;
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
 * Packs native libraries, a folder per platform, into a multi-platform ocipkg artifact: an OCI
 * layout ({@code target/ocipkg/layout}) and an oci-archive ({@code target/ocipkg_HASH.tar}, HASH
 * the first 16 hex digits of the index digest, so the same inputs give the same name). Annotations
 * come from the project: version, scm url (else url) as source, git commit as revision,
 * description, licenses.
 */
@Mojo(name = "package", defaultPhase = LifecyclePhase.PACKAGE, threadSafe = true)
public class PackageMojo extends AbstractMojo {
  /** The platforms: {@code <platform><name>linux/amd64</name><directory>…</directory>}. */
  @Parameter(required = true)
  List<PlatformFolder> platforms;

  /** The tag of the image in the layout, which {@code ocipkg:push} reads. */
  @Parameter(property = "ocipkg.tag", defaultValue = "${project.version}")
  String tag;

  @Parameter(property = "ocipkg.layout", defaultValue = "${project.build.directory}/ocipkg/layout")
  File layout;

  /** Where {@code ocipkg_HASH.tar} is written. */
  @Parameter(defaultValue = "${project.build.directory}")
  File archiveDirectory;

  /** org.opencontainers.image.source; default: the project's scm url, else its url. */
  @Parameter String source;

  /** org.opencontainers.image.revision; default: the git commit of the project folder. */
  @Parameter(property = "ocipkg.revision")
  String revision;

  /** Other annotations, on the index and every manifest. */
  @Parameter Map<String, String> annotations = new LinkedHashMap<>();

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
      getLog().info("Wrote OCI layout " + layout + " (tag " + tag + ")");
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
    if (!ReferenceChecks.isTag(tag)) {
      throw new MojoFailureException(
          "\"" + tag + "\" is not a valid tag (letters, digits, '_', '.', '-'); set <tag>");
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
    try {
      return new PackRequest(tag, contents, annotationsFromProject());
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
