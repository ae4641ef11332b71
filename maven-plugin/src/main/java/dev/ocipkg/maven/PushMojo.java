package dev.ocipkg.maven;

import dev.ocipkg.ImageReference;
import dev.ocipkg.NativeLoadException;
import dev.ocipkg.internal.registry.RegistryException;
import dev.ocipkg.tools.ByteSizes;
import dev.ocipkg.tools.ReferenceChecks;
import dev.ocipkg.tools.layout.ArtifactFormat;
import dev.ocipkg.tools.layout.LayoutImages;
import dev.ocipkg.tools.transfer.ImageTransfer;
import dev.ocipkg.tools.transfer.PushReport;
import java.io.File;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugins.annotations.LifecyclePhase;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;
import org.apache.maven.project.MavenProject;

/**
 * Pushes the image that {@code ocipkg:package} wrote, with every platform, to {@code <repository>}
 * under each of {@code <tags>}. By default the tags are the project version and the short form of
 * the commit that the layout was built from. Credentials come from the {@code settings.xml} server
 * whose id is the registry's {@code HOST} or {@code HOST:PORT}, else from Docker's credentials.
 */
@Mojo(name = "push", defaultPhase = LifecyclePhase.DEPLOY, threadSafe = true)
public class PushMojo extends AbstractRegistryMojo {
  /** The repository to push to, {@code HOST/REPOSITORY} without a tag, e.g. ghcr.io/acme/libfoo. */
  @Parameter(property = "ocipkg.repository", required = true)
  String repository;

  /**
   * The tags to push. By default they are the project version and the short form of the commit the
   * layout was built from (its {@code org.opencontainers.image.revision} annotation), not the
   * commit checked out now.
   */
  @Parameter(property = "ocipkg.tags")
  List<String> tags;

  /**
   * The tag of the image in the layout, as {@code ocipkg:package} wrote it. A layout that holds one
   * image only (such as one in the manifest format) is pushed whatever its name.
   */
  @Parameter(property = "ocipkg.tag", defaultValue = "${project.version}")
  String tag;

  /** The OCI image layout folder that {@code ocipkg:package} wrote. */
  @Parameter(property = "ocipkg.layout", defaultValue = "${project.build.directory}/ocipkg/layout")
  File layout;

  /**
   * The size of the chunks that blobs are uploaded in ({@code 8MiB}, {@code 512KiB} or a number of
   * bytes). By default each blob is uploaded in one request.
   */
  @Parameter(property = "ocipkg.chunkSize")
  String chunkSize;

  /**
   * The shape to push. With {@code manifest} the one platform manifest of the image is pushed
   * alone, with no index, for readers such as the Rust ocipkg; {@code index} requires an index. By
   * default the image is pushed as the layout holds it.
   */
  @Parameter(property = "ocipkg.pushFormat")
  String format;

  @Parameter(defaultValue = "${project}", readonly = true, required = true)
  MavenProject project;

  @Override
  public void execute() throws MojoExecutionException, MojoFailureException {
    if (skip) {
      getLog().info("ocipkg:push skipped");
      return;
    }
    if (!new File(layout, "index.json").isFile()) {
      throw new MojoFailureException(
          "no OCI layout at "
              + layout
              + "; run ocipkg:package first (e.g. mvn package ocipkg:push)");
    }
    LayoutImages images;
    String name;
    try {
      images = LayoutImages.of(layout.toPath());
      name = images.nameToPush(tag);
    } catch (IOException e) {
      throw new MojoFailureException(e.getMessage(), e);
    }
    List<String> pushTags = tags(images, name);
    ImageReference target = target(pushTags.get(0));
    ArtifactFormat shape = pushFormat();
    ImageReference source = ImageReference.parse("oci:" + layout.getAbsolutePath() + ":" + name);
    getLog().info("Pushing " + layout + " to " + repository + " with tags " + pushTags);
    try {
      ImageTransfer.Result result =
          new ImageTransfer(
                  sources(List.of(target.registry())), chunkBytes(), new MavenLogListener(getLog()))
              .copy(source, target, pushTags.subList(1, pushTags.size()), null, shape);
      PushReport push = result.push();
      if (push != null) {
        getLog()
            .info(
                String.format(
                    "Pushed %s: %d blobs uploaded, %d already there; tags %s",
                    target, push.uploaded().size(), push.skipped().size(), push.tags()));
      }
      getLog().info("Index digest " + result.root());
    } catch (IOException | RuntimeException e) {
      String message = "ocipkg:push to " + target + " failed: " + e.getMessage();
      if (isUnauthorized(e)) {
        String host = target.registry();
        message +=
            "; give credentials for "
                + host
                + " in settings.xml: <server><id>"
                + host
                + "</id><username>…</username><password>…</password></server> (or name another"
                + " server with <serverId>), or log in with 'docker login "
                + host
                + "'";
      }
      throw new MojoExecutionException(message, e);
    }
  }

  /** Whether the registry refused for want of (good) credentials. */
  private static boolean isUnauthorized(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
      if (t instanceof RegistryException && ((RegistryException) t).status() == 401) {
        return true;
      }
      if (t instanceof NativeLoadException && ((NativeLoadException) t).httpStatus() == 401) {
        return true;
      }
    }
    return false;
  }

  private ArtifactFormat pushFormat() throws MojoFailureException {
    if (format == null || format.isBlank()) {
      return null;
    }
    try {
      return ArtifactFormat.parse(format);
    } catch (IllegalArgumentException e) {
      throw new MojoFailureException("<format>: " + e.getMessage(), e);
    }
  }

  private List<String> tags(LayoutImages images, String name) throws MojoFailureException {
    Set<String> all = new LinkedHashSet<>();
    if (tags != null && !tags.isEmpty()) {
      tags.stream().map(String::strip).filter(t -> !t.isEmpty()).forEach(all::add);
    } else {
      all.add(project.getVersion());
      String revision;
      try {
        revision = images.revision(name);
      } catch (IOException e) {
        throw new MojoFailureException("cannot read the revision of " + layout + ": " + e, e);
      }
      // The commit the layout was built from, not the one checked out now.
      if (revision == null) {
        getLog().info("The layout names no revision: no commit tag pushed");
      } else if (revision.matches("[0-9a-f]{7,64}")) {
        all.add(
            GitCommit.shortHash(project.getBasedir(), revision).orElse(revision.substring(0, 7)));
      } else {
        getLog().info("The layout's revision \"" + revision + "\" is no commit: no commit tag");
      }
    }
    for (String t : all) {
      try {
        ReferenceChecks.requireTag(t);
      } catch (IllegalArgumentException e) {
        throw new MojoFailureException("<tags>: " + e.getMessage(), e);
      }
    }
    if (all.isEmpty()) {
      throw new MojoFailureException("no tags to push; set <tags>");
    }
    return new ArrayList<>(all);
  }

  private ImageReference target(String firstTag) throws MojoFailureException {
    if (repository.contains("@") || ReferenceChecks.namesTag(repository)) {
      throw new MojoFailureException(
          "<repository> " + repository + " must not name a tag or digest; tags go in <tags>");
    }
    try {
      ImageReference ref = ImageReference.parse(repository + ":" + firstTag);
      if (ref.kind() != ImageReference.Kind.REGISTRY) {
        throw new MojoFailureException("<repository> " + repository + " is not HOST/REPOSITORY");
      }
      return ref;
    } catch (IllegalArgumentException e) {
      throw new MojoFailureException("<repository>: " + e.getMessage(), e);
    }
  }

  private long chunkBytes() throws MojoFailureException {
    return chunkSize == null || chunkSize.isBlank() ? 0 : parseSize(chunkSize);
  }

  /** {@code 8MiB}, {@code 512KiB}, {@code 1GiB} or a number of bytes ({@link ByteSizes}). */
  static long parseSize(String chunkSize) throws MojoFailureException {
    try {
      return ByteSizes.parse(chunkSize);
    } catch (IllegalArgumentException e) {
      throw new MojoFailureException("<chunkSize>: " + e.getMessage(), e);
    }
  }
}
