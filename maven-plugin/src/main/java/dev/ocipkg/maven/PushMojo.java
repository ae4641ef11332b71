package dev.ocipkg.maven;

import dev.ocipkg.ImageReference;
import dev.ocipkg.internal.publish.ImageTransfer;
import dev.ocipkg.internal.publish.PushReport;
import dev.ocipkg.internal.publish.ReferenceChecks;
import java.io.File;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugins.annotations.LifecyclePhase;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;
import org.apache.maven.project.MavenProject;

/**
 * Pushes the image that {@code ocipkg:package} wrote, every platform, to {@code <repository>} under
 * each of {@code <tags>} (default: the project version and the short git commit).
 */
@Mojo(name = "push", defaultPhase = LifecyclePhase.DEPLOY, threadSafe = true)
public class PushMojo extends AbstractRegistryMojo {
  /** {@code HOST/REPOSITORY}, e.g. {@code ghcr.io/acme/libfoo}, without a tag. */
  @Parameter(property = "ocipkg.repository", required = true)
  String repository;

  /** The tags to push; default: the project version and the short git commit (if a checkout). */
  @Parameter(property = "ocipkg.tags")
  List<String> tags;

  /** The tag of the image in the layout, as {@code ocipkg:package} wrote it. */
  @Parameter(property = "ocipkg.tag", defaultValue = "${project.version}")
  String tag;

  @Parameter(property = "ocipkg.layout", defaultValue = "${project.build.directory}/ocipkg/layout")
  File layout;

  /** Upload blobs in chunks of this size ({@code 8MiB}, {@code 512KiB}, bytes); default: whole. */
  @Parameter(property = "ocipkg.chunkSize")
  String chunkSize;

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
    List<String> pushTags = tags();
    ImageReference target = target(pushTags.get(0));
    ImageReference source = ImageReference.parse("oci:" + layout.getAbsolutePath() + ":" + tag);
    getLog().info("Pushing " + layout + " to " + repository + " with tags " + pushTags);
    try {
      ImageTransfer.Result result =
          new ImageTransfer(
                  sources(List.of(target.registry())), chunkBytes(), new MavenLogListener(getLog()))
              .copy(source, target, pushTags.subList(1, pushTags.size()), null);
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
      throw new MojoExecutionException(
          "ocipkg:push to " + target + " failed: " + e.getMessage(), e);
    }
  }

  private List<String> tags() throws MojoFailureException {
    Set<String> all = new LinkedHashSet<>();
    if (tags != null && !tags.isEmpty()) {
      tags.stream().map(String::strip).filter(t -> !t.isEmpty()).forEach(all::add);
    } else {
      all.add(project.getVersion());
      GitCommit.shortHash(project.getBasedir())
          .ifPresentOrElse(
              all::add, () -> getLog().info("Not a git checkout: no commit tag pushed"));
    }
    for (String t : all) {
      if (!ReferenceChecks.isTag(t)) {
        throw new MojoFailureException(
            "\"" + t + "\" is not a valid tag (letters, digits, '_', '.', '-'); set <tags>");
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

  /** {@code 8MiB}, {@code 512KiB}, {@code 1GiB} or a number of bytes. */
  static long parseSize(String chunkSize) throws MojoFailureException {
    String s = chunkSize.strip().toLowerCase(Locale.ROOT);
    long unit = 1;
    for (String[] suffix :
        new String[][] {{"gib", "30"}, {"mib", "20"}, {"kib", "10"}, {"b", "0"}}) {
      if (s.endsWith(suffix[0])) {
        unit = 1L << Integer.parseInt(suffix[1]);
        s = s.substring(0, s.length() - suffix[0].length()).strip();
        break;
      }
    }
    try {
      long n = Long.parseLong(s) * unit;
      if (n <= 0) {
        throw new NumberFormatException();
      }
      return n;
    } catch (NumberFormatException e) {
      throw new MojoFailureException(
          "<chunkSize> \"" + chunkSize + "\" is not a size such as 8MiB, 512KiB or 1048576");
    }
  }
}
